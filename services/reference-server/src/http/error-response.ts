import { makeIssue } from '@raflag/core';
import type { Logger } from '../logger.js';
import { outcomeResponse, type FhirResponse } from './fhir-response.js';
import { HttpError } from './http-error.js';

/**
 * Domain error → HTTP status → OperationOutcome. Anything that is not an HttpError is a bug or an
 * outage: it is logged in full and answered with a generic 500 that names nothing internal.
 */
export function errorResponse(error: unknown, log: Logger): FhirResponse {
  if (error instanceof HttpError) return outcomeResponse(error.status, error.issues, error.headers);
  log.error({ err: error }, 'unhandled error while serving a request');
  return outcomeResponse(500, [makeIssue('http.internal-error', undefined)]);
}
