import type { OperationOutcomeIssue, Resource } from 'fhir/r4.js';
import { issueId, validate } from '@raflag/core';
import { validationStatus } from '../bundle/validation-status.js';
import { HttpError, httpError } from './http-error.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface CheckedResource {
  readonly resource: Resource;
  /** Warnings and information from validation, offered back with `Prefer: return=OperationOutcome`. */
  readonly notes: readonly OperationOutcomeIssue[];
}

/**
 * The write gate: the same `validate` as the library. Not a resource or malformed → 400, a profile or
 * business-rule failure → 422, both with the OperationOutcome; a resource of another type than the
 * URL names → 400.
 */
export function checkedResource(value: unknown, expectedType: string): CheckedResource {
  const outcome = validate(value);
  if (!isObject(value) || typeof value['resourceType'] !== 'string' || outcome.issue.some((i) => issueId(i) === 'payload.unknown-resource-type')) {
    throw new HttpError(400, outcome.issue);
  }
  if (value['resourceType'] !== expectedType) {
    throw httpError(400, 'http.resource-type-mismatch', 'resourceType', { found: value['resourceType'], expected: expectedType });
  }
  const status = validationStatus(outcome);
  if (status !== undefined) throw new HttpError(status, outcome.issue);
  const notes = outcome.issue.filter((issue) => issueId(issue) !== 'ok');
  return { resource: value as unknown as Resource, notes };
}
