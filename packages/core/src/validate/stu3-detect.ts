import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** Placeholder until STU3 detection lands: recognises nothing. */
export function detectStu3(_resource: unknown): OperationOutcomeIssue | undefined {
  return undefined;
}
