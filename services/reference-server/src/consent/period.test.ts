import { describe, expect, it } from 'vitest';
import { periodContains } from './period.js';

const now = Date.parse('2026-03-15T12:00:00Z');

describe('periodContains', () => {
  it.each([
    ['an empty period', {}, true],
    ['started before', { start: '2026-03-15T11:59:59Z' }, true],
    ['starts after', { start: '2026-03-15T12:00:01Z' }, false],
    ['ends after', { end: '2026-03-15T12:00:01+00:00' }, true],
    ['ended before', { end: '2026-03-15T11:59:59Z' }, false],
    ['ends today (date only): the whole day counts', { end: '2026-03-15' }, true],
    ['ended yesterday (date only)', { end: '2026-03-14' }, false],
    ['starts today (date only)', { start: '2026-03-15' }, true],
    ['starts tomorrow (date only)', { start: '2026-03-16' }, false],
    ['ends this month', { end: '2026-03' }, true],
    ['ended last month', { end: '2026-02' }, false],
    ['ends this year', { end: '2026' }, true],
    ['starts next year', { start: '2027' }, false],
    ['a time zone offset is honoured', { end: '2026-03-15T13:00:00+02:00' }, false],
    ['a dateTime without a zone cannot be read', { start: '2026-03-01T00:00:00' }, false],
    ['an unreadable end', { end: 'soon' }, false],
    ['an impossible month', { start: '2026-13' }, false],
    ['a non-string bound', { start: 20260301 }, false],
    ['not a period', 'always', false],
    ['null', null, false],
  ])('%s → %s', (_name, period, expected) => {
    expect(periodContains(period, now)).toBe(expected);
  });
});
