import type { OperationOutcomeIssue } from 'fhir/r4.js';

/**
 * Placeholder until the generated base rules land. Returns whether the payload is an object with
 * a resourceType, which is what the profile and business rules need to run at all.
 */
export function checkBase(resource: unknown, _issues: OperationOutcomeIssue[]): boolean {
  return typeof resource === 'object' && resource !== null && !Array.isArray(resource);
}
