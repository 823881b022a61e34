import type { OperationOutcome } from 'fhir/r4.js';
import { errorsOf, issueId } from '@raflag/core';

/**
 * Message-id families that mean the payload is not well-formed FHIR (JSON, base R4 structure, Bundle
 * and contained invariants): answered 400. Everything else that is an error (profiles,
 * terminology, business rules) means well-formed but unacceptable: answered 422.
 */
const STRUCTURAL_PREFIXES = ['syntax.', 'payload.', 'base.', 'bundle.', 'contained.'];

/** The HTTP status a failed validation answers with, or undefined when it has no errors. */
export function validationStatus(outcome: OperationOutcome): 400 | 422 | undefined {
  const errors = errorsOf(outcome);
  if (errors.length === 0) return undefined;
  const structural = errors.some((issue) => {
    const id = issueId(issue) ?? '';
    return STRUCTURAL_PREFIXES.some((prefix) => id.startsWith(prefix));
  });
  return structural ? 400 : 422;
}
