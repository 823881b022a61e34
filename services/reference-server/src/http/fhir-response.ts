import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { toOutcome } from '@raflag/core';
import { fhirJson } from './fhir-json.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * A complete answer, built before anything is written to the socket, so the audit stage can see
 * it and an idempotent write can store it and replay it byte for byte.
 */
export interface FhirResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialised JSON, or undefined for a body-less answer (304). */
  readonly body: string | undefined;
}

export function jsonResponse(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): FhirResponse {
  return { status, headers: { 'Content-Type': FHIR_JSON, ...headers }, body: fhirJson(value) };
}

export function outcomeResponse(
  status: number,
  issues: readonly OperationOutcomeIssue[],
  headers: Readonly<Record<string, string>> = {},
): FhirResponse {
  const outcome: OperationOutcome = toOutcome(issues);
  return jsonResponse(status, outcome, headers);
}
