import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from './issue.js';

/** Wraps issues in an OperationOutcome; an empty list becomes one informational "no issues" issue. */
export function toOutcome(issues: readonly OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.length > 0 ? [...issues] : [makeIssue('ok', undefined)],
  };
}

const failing = new Set<OperationOutcomeIssue['severity']>(['fatal', 'error']);

/** True when any issue is an error or fatal. Warnings and information do not make a payload invalid. */
export function hasErrors(outcome: OperationOutcome | readonly OperationOutcomeIssue[]): boolean {
  const issues = 'issue' in outcome ? outcome.issue : outcome;
  return issues.some((i) => failing.has(i.severity));
}

/** Only the issues that make a payload invalid. */
export function errorsOf(outcome: OperationOutcome): OperationOutcomeIssue[] {
  return outcome.issue.filter((i) => failing.has(i.severity));
}
