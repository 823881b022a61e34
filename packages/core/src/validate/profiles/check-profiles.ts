import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { ValidateOptions } from '../validate.js';

/** Placeholder until the profile rules land. */
export function checkProfiles(_resource: unknown, _issues: OperationOutcomeIssue[], _options: ValidateOptions): void {}
