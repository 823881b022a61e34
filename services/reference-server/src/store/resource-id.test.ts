import { describe, expect, it } from 'vitest';
import { newResourceId } from './resource-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newResourceId', () => {
  it('is a version 7 UUID with the RFC 9562 variant, and a valid FHIR id', () => {
    const id = newResourceId();
    expect(id).toMatch(UUID_V7);
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    const at = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
    expect(Number.parseInt(newResourceId(at).replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('increases strictly, within one millisecond and when the clock steps back', () => {
    const base = Date.UTC(2032, 5, 6);
    const ids = [newResourceId(base), ...Array.from({ length: 5000 }, () => newResourceId(base)), newResourceId(base - 10_000), newResourceId(base + 1)];
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
