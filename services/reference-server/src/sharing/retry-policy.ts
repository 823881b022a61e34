/** How long to wait before the next delivery attempt. */
export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After further out than this is capped: an endpoint must not park a notification for days. */
  readonly maxRetryAfterMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept, the other half is
 * random, so many failed deliveries to one LHCRE do not all come back in the same instant.
 * `attempts` counts the attempts made, so the first retry waits about `baseDelayMs`.
 */
export function backoffDelayMs(policy: RetryPolicy, attempts: number, random: () => number): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** `Retry-After` as delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date, policy: RetryPolicy): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    // Every HTTP-date form starts with the day name; anything else (`-5`) is not one.
    if (!/^[A-Za-z]{3}/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now.getTime();
  }
  return Math.min(policy.maxRetryAfterMs, Math.max(0, ms));
}
