import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue, type IssueParams, type MessageId } from '@raflag/core';

/**
 * One entry that cannot be carried out. Inside a transaction it is thrown so that the store rolls
 * everything back; in a batch it becomes that entry's response.
 */
export class EntryFailure extends Error {
  constructor(
    readonly status: number,
    readonly issues: readonly OperationOutcomeIssue[],
  ) {
    super(`entry failed with ${status}`);
    this.name = 'EntryFailure';
  }
}

export function entryFailure(status: number, id: MessageId, expression: string, params: IssueParams = {}): EntryFailure {
  return new EntryFailure(status, [makeIssue(id, expression, params)]);
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  404: 'Not Found',
  410: 'Gone',
  412: 'Precondition Failed',
  422: 'Unprocessable Entity',
  428: 'Precondition Required',
  500: 'Internal Server Error',
};

/** `Bundle.entry.response.status`: the code and its reason phrase, `201 Created`. */
export function statusLine(status: number): string {
  const reason = REASONS[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}
