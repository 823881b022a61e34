import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { patientKey } from './bundle-entries.js';
import { subjectElementOf, type RaEntry } from './ra-role.js';

interface Subject {
  readonly entry: RaEntry;
  readonly element: 'subject' | 'patient';
  readonly key: string;
}

function subjectOf(entry: RaEntry, entries: readonly RaEntry[]): Subject | undefined {
  const element = subjectElementOf(entry);
  const key = patientKey(entry.resource[element], entries);
  return key === undefined ? undefined : { entry, element, key };
}

const report = (issues: OperationOutcomeIssue[], { entry, element }: Subject): void => {
  issues.push(makeIssue('business.subject-mismatch', `${entry.path}.${element}`));
};

/**
 * Every RA detail resource (adjustment, condition, consent) in a Bundle is about the patient of a
 * PatientFlag in it: a detail about someone else would attach one patient's needs to another's
 * record. When one PatientFlag disagrees with several details that all agree with each other, the
 * PatientFlag is the odd one out and is reported once, rather than every detail. Resources whose
 * subject is missing or unusable are left to the base and profile rules.
 */
export function checkSameSubject(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  const subjects = entries.flatMap((entry) => {
    const subject = entry.raRole === undefined || entry.raRole === 'provenance' ? undefined : subjectOf(entry, entries);
    return subject === undefined ? [] : [subject];
  });
  const flags = subjects.filter((s) => s.entry.raRole === 'patient-flag');
  if (flags.length === 0) return;
  const details = subjects.filter((s) => s.entry.raRole !== 'patient-flag');
  const flagged = new Set(flags.map((f) => f.key));
  const stray = details.filter((d) => !flagged.has(d.key));
  if (stray.length === 0) return;
  const [flag] = flags;
  const detailKeys = new Set(details.map((d) => d.key));
  if (flags.length === 1 && flag !== undefined && details.length > 1 && detailKeys.size === 1) {
    report(issues, flag);
    return;
  }
  for (const detail of stray) report(issues, detail);
}
