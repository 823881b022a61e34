import { FhirHttpError, NetworkError } from './errors.js';

export interface RetryOptions {
  /** Tries in all, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** The first backoff; it doubles on each retry. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** The longest backoff between two tries. Default 8 s. */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. Default 60 s. */
  readonly maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 4)),
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
}

/** Statuses that say "try again later" without anything having been written. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * How long to wait before try `attempt + 1` after `error`, or undefined to give up. Network errors,
 * 429 and 503 are retried; the caller reuses the X-Request-ID, so a write that did reach the server
 * is answered from its idempotency record instead of being applied twice.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, error: unknown, retryAfter: number | undefined): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const retryable = error instanceof NetworkError || (error instanceof FhirHttpError && RETRYABLE_STATUSES.has(error.status));
  if (!retryable) return undefined;
  if (retryAfter !== undefined) return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
