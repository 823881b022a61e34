import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { entriesOf } from '../business/bundle-entries.js';
import { withRaRoles, type RaEntry } from '../business/ra-role.js';
import { summarise, type IssueSummary } from './issues.js';

/** Runs one Bundle-level business rule on a payload and answers what it reported. */
export function runRule(
  rule: (entries: readonly RaEntry[], issues: OperationOutcomeIssue[], payload: unknown) => void,
  payload: unknown,
): IssueSummary[] {
  const issues: OperationOutcomeIssue[] = [];
  rule(withRaRoles(entriesOf(payload)), issues, payload);
  return summarise(issues);
}
