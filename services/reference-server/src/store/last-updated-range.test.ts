import { describe, expect, it } from 'vitest';
import { instantRange, lastUpdatedTest } from './last-updated-range.js';
import { StoreQueryError } from './store-errors.js';

describe('the span a _lastUpdated value stands for', () => {
  it.each([
    ['2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-11-26', '2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z'],
    ['2026-11-26T12:30Z', '2026-11-26T12:30:00.000Z', '2026-11-26T12:31:00.000Z'],
    ['2026-11-26T12:30:15+01:00', '2026-11-26T11:30:15.000Z', '2026-11-26T11:30:16.000Z'],
    ['2026-11-26T12:30:15.5Z', '2026-11-26T12:30:15.500Z', '2026-11-26T12:30:15.600Z'],
    ['2026-11-26T12:30:15.123Z', '2026-11-26T12:30:15.123Z', '2026-11-26T12:30:15.124Z'],
    ['2026-11-26T12:30:15.123456Z', '2026-11-26T12:30:15.123Z', '2026-11-26T12:30:15.124Z'],
  ])('%s covers [%s, %s)', (value, from, to) => {
    expect(instantRange(value)).toEqual({ from, to });
  });

  it.each(['yesterday', '2026-13-01', '26-11-2026', ''])('%j is a query error', (value) => {
    expect(() => instantRange(value)).toThrow(StoreQueryError);
  });

  it.each([
    ['eq', 'c >= ? AND c < ?', ['F', 'T']],
    ['ne', '(c < ? OR c >= ?)', ['F', 'T']],
    ['lt', 'c < ?', ['F']],
    ['le', 'c < ?', ['T']],
    ['gt', 'c >= ?', ['T']],
    ['ge', 'c >= ?', ['F']],
  ] as const)('%s compares against the right end of the span', (prefix, sql, params) => {
    expect(lastUpdatedTest('c', prefix, { from: 'F', to: 'T' })).toEqual({ sql, params });
  });
});
