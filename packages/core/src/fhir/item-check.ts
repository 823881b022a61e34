import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import { describeIssues, pruned } from '../model/parse-record.js';
import { makeIssue } from '../outcome/issue.js';

/**
 * Checks an item read from FHIR against its record schema. A failure is reported at the resource it
 * came from (the record path inside the message says which part), and the item is not read.
 */
export function checkedItem<S extends z.ZodType>(
  schema: S,
  item: unknown,
  name: string,
  at: string,
  issues: OperationOutcomeIssue[],
): z.output<S> | undefined {
  const result = schema.safeParse(item);
  if (result.success) return pruned(result.data);
  for (const problem of describeIssues(result.error.issues, item, name)) {
    issues.push(makeIssue('mapping.invalid-record', at, { problem: `${problem.expression?.[0] ?? name}: ${(problem.details?.text ?? '').replace(/\.$/, '')}` }));
  }
  return undefined;
}
