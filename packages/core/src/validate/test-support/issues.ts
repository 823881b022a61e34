import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../../outcome/issue.js';

/** `[message id, expression, severity]`: what the acceptance tests compare, exactly. */
export type IssueSummary = readonly [id: string, expression: string | undefined, severity: string];

export function summarise(issues: OperationOutcome | readonly OperationOutcomeIssue[]): IssueSummary[] {
  const list = 'issue' in issues ? issues.issue : issues;
  return list.map((i) => [issueId(i) ?? '?', i.expression?.[0], i.severity] as const).filter(([id]) => id !== 'ok');
}

/** A deep copy to mutate freely in a test. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
