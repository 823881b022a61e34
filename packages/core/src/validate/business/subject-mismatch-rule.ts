import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import type { RaEntry } from './ra-role.js';

function report(issues: OperationOutcomeIssue[], entry: RaEntry): void {
  issues.push(makeIssue('business.subject-mismatch', `${entry.path}.${entry.subjectElement}`));
}

/**
 * Every RA detail resource (adjustment, condition, consent) in a Bundle is about the patient of a
 * PatientFlag in it: a detail about someone else would attach one patient's needs to another's
 * record. When one PatientFlag disagrees with several details that all agree with each other, the
 * PatientFlag is the odd one out and is reported once, rather than every detail. Resources whose
 * subject is missing or unusable are left to the base and profile rules.
 */
export function checkSameSubject(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  const flags: RaEntry[] = [];
  const details: RaEntry[] = [];
  for (const entry of entries) {
    if (entry.subjectKey === undefined) continue;
    (entry.raRole === 'patient-flag' ? flags : details).push(entry);
  }
  if (flags.length === 0) return;
  const flagged = new Set(flags.map((f) => f.subjectKey));
  const stray = details.filter((d) => !flagged.has(d.subjectKey));
  if (stray.length === 0) return;
  const flag = flags[0];
  if (flags.length === 1 && flag !== undefined && details.length > 1 && new Set(details.map((d) => d.subjectKey)).size === 1) {
    report(issues, flag);
    return;
  }
  for (const detail of stray) report(issues, detail);
}
