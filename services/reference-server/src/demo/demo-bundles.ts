import type { Bundle, OperationOutcome } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, parseRecord, patientToFhir, toFhir } from '@raflag/core';
import { demoRecords, type DemoRecord } from './demo-records.js';

export type DemoBundle = { readonly demo: DemoRecord; readonly bundle: Bundle };

/** A transaction that creates only the Patient (unless one with the NHS number exists already). */
function patientOnly(demo: DemoRecord): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: patientToFhir({ nhsNumber: demo.nhsNumber, name: { family: demo.name.family, given: [...demo.name.given] } }),
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${NHS_NUMBER_SYSTEM}|${demo.nhsNumber}` },
      },
    ],
  };
}

/**
 * The demo records as transaction Bundles, built the way a client would: `parseRecord` (the trust
 * boundary) then `toFhir`. A record that does not parse is a bug in the demo data.
 */
export function demoBundles(): { ok: true; bundles: DemoBundle[] } | { ok: false; index: number; outcome: OperationOutcome } {
  const bundles: DemoBundle[] = [];
  for (const [index, demo] of demoRecords.entries()) {
    if (demo.record === undefined) {
      bundles.push({ demo, bundle: patientOnly(demo) });
      continue;
    }
    const parsed = parseRecord(demo.record);
    if (!parsed.ok) return { ok: false, index, outcome: parsed.outcome };
    bundles.push({ demo, bundle: toFhir(parsed.record) });
  }
  return { ok: true, bundles };
}
