import { describe, expect, it } from 'vitest';
import { createMemoryJtiCache } from './jti-cache.js';

function clock(startMs: number): { now: () => number; advance: (seconds: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (seconds) => (t += seconds * 1000) };
}

describe('createMemoryJtiCache', () => {
  const start = 1_000_000_000_000;
  const exp = start / 1000 + 300;

  it('accepts a jti once and refuses its replay', () => {
    const cache = createMemoryJtiCache({ now: () => start });
    expect(cache.claim('client-a', 'j1', exp)).toBe(true);
    expect(cache.claim('client-a', 'j1', exp)).toBe(false);
  });

  it('keeps issuers apart: the same jti from another client is not a replay', () => {
    const cache = createMemoryJtiCache({ now: () => start });
    expect(cache.claim('client-a', 'j1', exp)).toBe(true);
    expect(cache.claim('client-b', 'j1', exp)).toBe(true);
  });

  it('remembers until exp plus the tolerance, then forgets', () => {
    const c = clock(start);
    const cache = createMemoryJtiCache({ now: c.now, toleranceSeconds: 30 });
    expect(cache.claim('client-a', 'j1', exp)).toBe(true);
    c.advance(300 + 30);
    expect(cache.claim('client-a', 'j1', exp)).toBe(false);
    c.advance(1);
    expect(cache.claim('client-a', 'j1', exp + 400)).toBe(true);
  });

  it('refuses new jtis rather than forgetting live ones when full, and makes room once they expire', () => {
    const c = clock(start);
    const cache = createMemoryJtiCache({ now: c.now, maxEntries: 2, toleranceSeconds: 0 });
    expect(cache.claim('a', '1', exp)).toBe(true);
    expect(cache.claim('a', '2', exp)).toBe(true);
    expect(cache.claim('a', '3', exp)).toBe(false);
    expect(cache.claim('a', '1', exp)).toBe(false);
    c.advance(301);
    expect(cache.claim('a', '3', exp + 300)).toBe(true);
    expect(cache.size).toBe(1);
  });
});
