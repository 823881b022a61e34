import { describe, expect, it } from 'vitest';
import { describeJson, jsonEqual, objectsIn } from './json.js';

describe('json helpers', () => {
  it.each([
    [{ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1, c: undefined }, false],
    [[1, 2], [2, 1], false],
    [null, {}, false],
  ])('jsonEqual(%j, %j) is %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });

  it('keeps the index of object items only', () => {
    expect(objectsIn([{ a: 1 }, 'x', null, { b: 2 }])).toEqual([[{ a: 1 }, 0], [{ b: 2 }, 3]]);
    expect(objectsIn('not an array')).toEqual([]);
  });

  it.each([[null, 'null'], [[], 'an array'], ['s', 'a string'], [1, 'a number']])('describes %j as %s', (value, words) => {
    expect(describeJson(value)).toBe(words);
  });
});
