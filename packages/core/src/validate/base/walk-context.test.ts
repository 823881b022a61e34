import { describe, expect, it } from 'vitest';
import { describeJson, indexSegment, isObject, newContext, pathOf } from './walk-context.js';

describe('walk context', () => {
  it('joins path segments only when asked', () => {
    const ctx = newContext([], 'Bundle');
    ctx.segments.push('.entry', indexSegment(2), '.resource');
    expect(pathOf(ctx)).toBe('Bundle.entry[2].resource');
    expect(pathOf(ctx, '.status')).toBe('Bundle.entry[2].resource.status');
    expect(indexSegment(250)).toBe('[250]');
  });

  it.each([
    [null, 'null'],
    [[], 'an array'],
    ['x', 'a string'],
    [1, 'a number'],
    [false, 'a boolean'],
    [{}, 'an object'],
  ])('describes %j as %s without its content', (value, description) => {
    expect(describeJson(value)).toBe(description);
  });

  it('tells plain objects from arrays and null', () => {
    expect(isObject({})).toBe(true);
    expect(isObject([])).toBe(false);
    expect(isObject(null)).toBe(false);
  });
});
