import { describe, expect, it } from 'vitest';
import { pathStep, walkObjects } from './json-walk.js';

describe('walkObjects', () => {
  it('visits every object with its FHIRPath, key and what its parent handed down, skipping primitive extensions', () => {
    const seen: [string, string | undefined, number][] = [];
    walkObjects<number>(
      { a: [{ b: { c: 1 } }], valueReference: { identifier: {} }, _status: { extension: [{}] } },
      'Flag',
      (_object, key, walk, depth) => {
        seen.push([walk.path(), key, depth]);
        return depth + 1;
      },
      0,
    );
    expect(seen).toEqual([
      ['Flag', undefined, 0],
      ['Flag.a[0]', 'a', 1],
      ['Flag.a[0].b', 'b', 2],
      ['Flag.value.ofType(Reference)', 'valueReference', 1],
      ['Flag.value.ofType(Reference).identifier', 'identifier', 2],
    ]);
  });

  it.each([
    ['valueCodeableConcept', 'value.ofType(CodeableConcept)'],
    ['value', 'value'],
    ['valueDateTime', 'value.ofType(dateTime)'],
    ['valueSet', 'valueSet'],
    ['code', 'code'],
  ])('writes %s as %s', (key, step) => {
    expect(pathStep(key)).toBe(step);
  });
});
