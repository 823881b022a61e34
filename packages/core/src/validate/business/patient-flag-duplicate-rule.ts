import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import type { RaEntry } from './ra-role.js';

/**
 * One national RA PatientFlag per patient (domain.md §7 item 13): every PatientFlag after the first
 * for the same patient is reported, at the resource.
 */
export function checkOnePatientFlagPerPatient(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  const byPatient = new Map<string, RaEntry[]>();
  for (const entry of entries) {
    if (entry.raRole !== 'patient-flag' || entry.subjectKey === undefined) continue;
    const flags = byPatient.get(entry.subjectKey);
    if (flags === undefined) byPatient.set(entry.subjectKey, [entry]);
    else flags.push(entry);
  }
  for (const flags of byPatient.values()) {
    for (const extra of flags.slice(1)) {
      issues.push(makeIssue('business.patient-flag-duplicate', extra.path, { count: flags.length }));
    }
  }
}
