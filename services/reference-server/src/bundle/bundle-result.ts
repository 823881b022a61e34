import type { Bundle, OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Logger } from 'pino';

export interface BundleContext {
  /** The FHIR base URL (`http://127.0.0.1:8080/fhir`); when given, response entries carry a `fullUrl`. */
  readonly baseUrl?: string | undefined;
  /** Makes the server ids of a transaction's creates; defaults to time-ordered UUIDs (store/resource-id.ts). */
  readonly newId?: (() => string) | undefined;
  /** A client's `X-Request-ID`: a retried transaction with the same key replays the first answer. */
  readonly idempotencyKey?: string | undefined;
  /** For failures the client only sees as a 500 issue; never given patient data. */
  readonly logger?: Logger | undefined;
}

export interface BundleResult {
  readonly status: number;
  readonly body: Bundle | OperationOutcome;
  /** True when the answer is the stored first answer to the same `idempotencyKey`. */
  readonly replayed?: boolean;
}

export function outcomeResult(status: number, issues: readonly OperationOutcomeIssue[]): BundleResult {
  return { status, body: { resourceType: 'OperationOutcome', issue: [...issues] } };
}
