import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue, type IssueParams, type MessageId } from '@raflag/core';

/**
 * A request that cannot be served, with the status and the issues to answer it with. Handlers and
 * stages throw it; the pipeline turns it into an OperationOutcome response (decision 12).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly issues: readonly OperationOutcomeIssue[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** One catalogue issue as an HttpError. */
export function httpError(
  status: number,
  id: MessageId,
  expression?: string,
  params: IssueParams = {},
  headers: Readonly<Record<string, string>> = {},
): HttpError {
  return new HttpError(status, [makeIssue(id, expression, params)], headers);
}
