import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** Placeholder until the business rules land. */
export function checkBusinessRules(_resource: unknown, _issues: OperationOutcomeIssue[]): void {}
