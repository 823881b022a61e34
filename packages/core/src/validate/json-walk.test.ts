import { describe, expect, it } from 'vitest';
import { pathStep, walkObjects } from './json-walk.js';

describe('walkObjects', () => {
  it('visits every object with its FHIRPath and key, skipping primitive extensions and skipped keys', () => {
    const seen: [string, string | undefined][] = [];
    walkObjects(
      { a: [{ b: { c: 1 } }], valueReference: { identifier: {} }, _status: { extension: [{}] }, contained: [{}] },
      'Flag',
      (_object, key, path) => seen.push([path(), key]),
      { skip: new Set(['contained']) },
    );
    expect(seen).toEqual([
      ['Flag', undefined],
      ['Flag.a[0]', 'a'],
      ['Flag.a[0].b', 'b'],
      ['Flag.value.ofType(Reference)', 'valueReference'],
      ['Flag.value.ofType(Reference).identifier', 'identifier'],
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
