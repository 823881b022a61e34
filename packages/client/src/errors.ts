import type { OperationOutcome } from 'fhir/r4.js';

/** The base of every error this client throws, so a caller can catch them all with one `instanceof`. */
export class RaflagClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface FhirHttpErrorDetails {
  readonly status: number;
  readonly outcome: OperationOutcome;
  /** The X-Request-ID the request carried, to quote when asking the server's operators. */
  readonly requestId?: string | undefined;
}

/** The server answered with an HTTP error status; `outcome` is what it said (or a stand-in when it sent none). */
export class FhirHttpError extends RaflagClientError {
  readonly status: number;
  readonly outcome: OperationOutcome;
  readonly requestId: string | undefined;
  /** How long the server asked the client to wait (`Retry-After`), in milliseconds. */
  retryAfterMs: number | undefined;

  constructor(message: string, details: FhirHttpErrorDetails) {
    super(message);
    this.status = details.status;
    this.outcome = details.outcome;
    this.requestId = details.requestId;
  }
}

/** 404 (or 410): absent, deleted, or not visible to this caller; the server does not say which. */
export class NotFoundError extends FhirHttpError {}

/** 412: the resource changed since this client read it; read it again and reapply the change. */
export class PreconditionFailedError extends FhirHttpError {}

/** 428: the server needs `If-Match` for this write and the client had no version to send. */
export class PreconditionRequiredError extends FhirHttpError {}

export interface AuthErrorDetails {
  /** The RFC 6749 error code (`invalid_client`, `invalid_scope`, …) when the server sent one. */
  readonly error?: string | undefined;
  readonly description?: string | undefined;
  readonly status?: number | undefined;
  readonly cause?: unknown;
}

/** Getting or using an access token failed: discovery, the token endpoint, or a 401 after renewal. */
export class AuthError extends RaflagClientError {
  readonly error: string | undefined;
  readonly description: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, details: AuthErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.error = details.error;
    this.description = details.description;
    this.status = details.status;
  }
}

/** The request never got an HTTP answer (connection refused, reset, DNS, aborted) after every retry. */
export class NetworkError extends RaflagClientError {
  readonly requestId: string | undefined;

  constructor(message: string, cause: unknown, requestId?: string) {
    super(message, { cause });
    this.requestId = requestId;
  }
}

/** The server answered, but not with something this client can use (malformed JSON, the wrong resource type). */
export class InvalidResponseError extends RaflagClientError {
  readonly status: number | undefined;
  /** For a record that could not be read back: what `fromFhir` reported. */
  readonly outcome: OperationOutcome | undefined;

  constructor(message: string, details: { status?: number; outcome?: OperationOutcome } = {}) {
    super(message);
    this.status = details.status;
    this.outcome = details.outcome;
  }
}

/** A record this client was asked to write is not valid; nothing was sent. `outcome` says what is wrong. */
export class InvalidRecordError extends RaflagClientError {
  readonly outcome: OperationOutcome;

  constructor(message: string, outcome: OperationOutcome) {
    super(message);
    this.outcome = outcome;
  }
}
