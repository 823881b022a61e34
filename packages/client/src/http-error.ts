import type { OperationOutcome } from 'fhir/r4.js';
import { FhirHttpError, NotFoundError, PreconditionFailedError, PreconditionRequiredError } from './errors.js';

function isOperationOutcome(body: unknown): body is OperationOutcome {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return record['resourceType'] === 'OperationOutcome' && Array.isArray(record['issue']);
}

/** What the server said, or an outcome that says only what the status says when it sent no OperationOutcome. */
export function outcomeOf(status: number, body: unknown): OperationOutcome {
  if (isOperationOutcome(body)) return body;
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: status === 429 ? 'throttled' : 'exception', diagnostics: `HTTP ${status} without an OperationOutcome` }],
  };
}

/** The first issue's text, for the error message; the outcome stays on the error for the rest. */
function summary(outcome: OperationOutcome): string {
  const issue = outcome.issue[0];
  const text = issue?.details?.text ?? issue?.diagnostics;
  return text === undefined ? '' : `: ${text}`;
}

/** The Error subclass for an HTTP error status, carrying the typed OperationOutcome. */
export function httpError(status: number, body: unknown, requestId?: string): FhirHttpError {
  const outcome = outcomeOf(status, body);
  const details = { status, outcome, requestId };
  const message = `HTTP ${status}${summary(outcome)}`;
  if (status === 404 || status === 410) return new NotFoundError(message, details);
  if (status === 412) return new PreconditionFailedError(message, details);
  if (status === 428) return new PreconditionRequiredError(message, details);
  return new FhirHttpError(message, details);
}
