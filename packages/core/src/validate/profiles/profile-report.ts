import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue, type IssueParams } from '../../outcome/issue.js';
import type { MessageId } from '../../outcome/messages.js';

/** Raises one issue against the profile being checked; `severity` overrides the catalogue's. */
export type Report = (
  id: MessageId,
  expression: string,
  params?: IssueParams,
  severity?: OperationOutcomeIssue['severity'],
) => void;

/** A reporter that stamps every issue with the profile whose rule failed (DESIGN decision 5). */
export function reporterFor(profile: string, issues: OperationOutcomeIssue[]): Report {
  return (id, expression, params = {}, severity) => {
    issues.push(makeIssue(id, expression, params, severity ? { profile, severity } : { profile }));
  };
}
