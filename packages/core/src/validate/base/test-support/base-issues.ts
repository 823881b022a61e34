import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../../../outcome/issue.js';
import { checkBase } from '../check-base.js';

export interface FoundIssue {
  readonly id: string | undefined;
  readonly expression: string | undefined;
}

/** Runs the base rules and returns each issue's message id and expression. */
export function baseIssues(resource: unknown): FoundIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  checkBase(resource, issues);
  return issues.map((issue) => ({ id: issueId(issue), expression: issue.expression?.[0] }));
}

/** The raw issues, for tests that look at severity or text. */
export function rawBaseIssues(resource: unknown): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  checkBase(resource, issues);
  return issues;
}

type Json = Record<string, unknown>;

/** A deep copy of `base` changed by `mutate`, so each table row starts from the valid instance. */
export function variant(base: Json, mutate: (r: Json) => void): Json {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
}

/** Narrows a nested JSON value for mutation in tests. */
export function at(value: unknown, ...keys: (string | number)[]): Json {
  let current: unknown = value;
  for (const key of keys) current = (current as Record<string | number, unknown>)[key];
  return current as Json;
}

/** Narrows a nested JSON array for mutation in tests. */
export function list(value: unknown, ...keys: (string | number)[]): unknown[] {
  return at(value, ...keys) as unknown as unknown[];
}
