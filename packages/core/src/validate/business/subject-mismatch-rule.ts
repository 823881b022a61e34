import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { patientKey } from './bundle-entries.js';
import { subjectElementOf, type RaEntry } from './ra-role.js';

/**
 * Every RA detail resource (adjustment, condition, consent) in a Bundle is about the patient of a
 * PatientFlag in it: a detail about someone else would attach one patient's needs to another's
 * record. Resources whose subject is missing or unusable are left to the base and profile rules.
 */
export function checkSameSubject(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  const flagged = new Set(
    entries.flatMap((entry) => {
      const key = entry.raRole === 'patient-flag' ? patientKey(entry.resource.subject, entries) : undefined;
      return key === undefined ? [] : [key];
    }),
  );
  if (flagged.size === 0) return;
  for (const entry of entries) {
    const role = entry.raRole;
    if (role !== 'adjustment' && role !== 'condition' && role !== 'consent') continue;
    const element = subjectElementOf(entry);
    const key = patientKey(entry.resource[element], entries);
    if (key !== undefined && !flagged.has(key)) {
      issues.push(makeIssue('business.subject-mismatch', `${entry.path}.${element}`));
    }
  }
}
