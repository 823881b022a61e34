import { describe, expect, it } from 'vitest';
import { FhirHttpError, NetworkError, PreconditionFailedError } from './errors.js';
import { retryDelay, retryPolicy } from './retry-policy.js';

const outcome = { resourceType: 'OperationOutcome' as const, issue: [] };
const status = (s: number) => new FhirHttpError(`HTTP ${s}`, { status: s, outcome });
const policy = retryPolicy({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500, maxRetryAfterMs: 2_000 });

describe('retryDelay', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 500],
  ])('backs off exponentially up to the cap: after try %d wait %d ms', (attempt, wait) => {
    expect(retryDelay(policy, attempt, new NetworkError('down', undefined), undefined)).toBe(wait);
  });

  it('stops after the last attempt', () => {
    expect(retryDelay(policy, 5, new NetworkError('down', undefined), undefined)).toBeUndefined();
  });

  it.each([[429], [503]])('retries %d and prefers the server’s Retry-After', (s) => {
    expect(retryDelay(policy, 1, status(s), 1_500)).toBe(1_500);
    expect(retryDelay(policy, 1, status(s), undefined)).toBe(100);
  });

  it('gives up when Retry-After asks for longer than allowed', () => {
    expect(retryDelay(policy, 1, status(429), 2_001)).toBeUndefined();
  });

  it.each([[400], [404], [409], [500], [502]])('does not retry %d', (s) => {
    expect(retryDelay(policy, 1, status(s), 0)).toBeUndefined();
  });

  it('does not retry a stale version or a plain Error', () => {
    expect(retryDelay(policy, 1, new PreconditionFailedError('stale', { status: 412, outcome }), undefined)).toBeUndefined();
    expect(retryDelay(policy, 1, new Error('bug'), undefined)).toBeUndefined();
  });

  it('defaults to four tries', () => {
    const defaults = retryPolicy();
    expect(retryDelay(defaults, 3, new NetworkError('down', undefined), undefined)).toBe(1_000);
    expect(retryDelay(defaults, 4, new NetworkError('down', undefined), undefined)).toBeUndefined();
  });
});
