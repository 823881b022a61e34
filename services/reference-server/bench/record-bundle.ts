import type { Bundle } from 'fhir/r4.js';
import { parseRecord, toFhir, type RaRecordInput } from '@raflag/core';

const recorded = {
  practitioner: { sdsId: '555086415105', name: 'Dr Bench' },
  organisation: { odsCode: 'B82005', name: 'Bench Surgery' },
  role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
  when: '2026-11-20T10:15:00Z',
};

/** A typical RA record: two adjustments, one impairment, consent; six resources once in FHIR. */
function benchRecord(nhsNumber: string): RaRecordInput {
  return {
    patient: { nhsNumber, name: { family: 'Bench', given: ['Patient'] } },
    adjustments: [
      { category: 'requires-specific-information-format', code: '796161000000101', recorded },
      { category: 'bespoke-reasonable-adjustments', description: 'Quiet room before appointments', recorded },
    ],
    impairments: [{ code: 'learning', recorded }],
    consent: { basis: 'patient', state: 'given', recorded },
  };
}

/** The transaction Bundle a client built on @raflag/core sends for one patient's record. */
export function recordBundle(nhsNumber: string): Bundle {
  const parsed = parseRecord(benchRecord(nhsNumber));
  if (!parsed.ok) throw new Error('the bench record must parse');
  return toFhir(parsed.record);
}
