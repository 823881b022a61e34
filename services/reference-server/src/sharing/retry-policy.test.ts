import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryAfterMs } from './retry-policy.js';

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxRetryAfterMs: 600_000 };
const now = new Date('2026-11-26T10:00:00Z');

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999, 1_000],
    [2, 0.5, 1_500],
    [3, 0, 2_000],
    [7, 0, 30_000],
    [8, 0.5, 45_000],
    [50, 1, 60_000],
  ])('attempt %i with random %f waits %i ms', (attempts, random, expected) => {
    expect(backoffDelayMs(policy, attempts, () => random)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it.each([
    [null, undefined],
    ['30', 30_000],
    [' 0 ', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['Thu, 26 Nov 2026 10:01:00 GMT', 60_000],
    ['Thu, 26 Nov 2026 09:00:00 GMT', 0],
    ['86400', 600_000],
  ])('%j is %j ms', (header, expected) => {
    expect(retryAfterMs(header, now, policy)).toBe(expected);
  });
});
