import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { parseRecord, patientFlagRecorded, toFhir, type RaRecord } from '@raflag/core';
import { InvalidRecordError } from './errors.js';

/** The version to name in `If-Match` for `Type/id`, or undefined when this client never saw it. */
export type VersionLookup = (type: string, id: string) => string | undefined;

/**
 * Checks the record (parseRecord is the trust boundary) and maps it to a transaction Bundle whose
 * updates each carry `ifMatch` with the version this client read, plus any extra entries (deletes).
 */
export function recordTransaction(record: unknown, versionOf: VersionLookup, extra: readonly BundleEntry[] = []): Bundle {
  const parsed = parseRecord(record);
  if (!parsed.ok) throw new InvalidRecordError('The record is not valid; nothing was sent', parsed.outcome);
  const bundle = toFhir(parsed.record);
  const entry = (bundle.entry ?? []).map((e): BundleEntry => {
    if (e.request?.method !== 'PUT') return e;
    const [type, id] = e.request.url.split('/');
    const versionId = type === undefined || id === undefined ? undefined : versionOf(type, id);
    return versionId === undefined ? e : { ...e, request: { ...e.request, ifMatch: `W/"${versionId}"` } };
  });
  return { ...bundle, entry: [...entry, ...extra] };
}

/**
 * The record with the PatientFlag's own provenance pinned: otherwise the mapping derives it from
 * the first item, so withdrawing consent or removing the first adjustment would rewrite who raised
 * the flag and when.
 */
export function withFlagProvenancePinned(record: RaRecord): RaRecord {
  const recorded = patientFlagRecorded(record);
  return recorded === undefined ? record : { ...record, patientFlag: { ...record.patientFlag, recorded } };
}
