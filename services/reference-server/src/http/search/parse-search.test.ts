import { describe, expect, it } from 'vitest';
import { HttpError } from '../http-error.js';
import { parseSearch } from './parse-search.js';

const limits = { countMax: 100 };
const parse = (type: string, query: string) => parseSearch(type, new URLSearchParams(query), limits);

describe('parseSearch', () => {
  it.each([
    ['code=a', { kind: 'token', param: 'code', values: [{ system: undefined, code: 'a' }] }],
    ['code=s|a', { kind: 'token', param: 'code', values: [{ system: 's', code: 'a' }] }],
    ['code=|a', { kind: 'token', param: 'code', values: [{ system: '', code: 'a' }] }],
    ['code=s|a,b', { kind: 'token', param: 'code', values: [{ system: 's', code: 'a' }, { system: undefined, code: 'b' }] }],
    ['code=a\\,b', { kind: 'token', param: 'code', values: [{ system: undefined, code: 'a,b' }] }],
    ['patient=Patient/1', { kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: '1' }] }],
    ['patient=1', { kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: '1' }] }],
    ['patient=http://x/fhir/Patient/1', { kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: '1' }] }],
    ['patient:identifier=s|9', { kind: 'identifier', param: 'patient', values: [{ system: 's', value: '9' }] }],
    ['patient.identifier=9', { kind: 'identifier', param: 'patient', values: [{ system: undefined, value: '9' }] }],
    ['identifier=s|9', { kind: 'identifier', param: 'identifier', values: [{ system: 's', value: '9' }] }],
    ['_id=a,b', { kind: 'id', values: ['a', 'b'] }],
    ['_lastUpdated=2026-01-01', { kind: 'lastUpdated', prefix: 'eq', instant: '2026-01-01' }],
    ['_lastUpdated=lt2026-01-01T10:00:00Z', { kind: 'lastUpdated', prefix: 'lt', instant: '2026-01-01T10:00:00Z' }],
  ])('Flag?%s', (query, condition) => {
    expect(parse('Flag', query).query.conditions).toEqual([condition]);
  });

  it('repeated parameters are ANDed', () => {
    expect(parse('Flag', 'code=a&code=b').query.conditions).toHaveLength(2);
  });

  it.each([
    ['', { count: 20, sort: '-lastUpdated', cursor: undefined }, false, undefined],
    ['_count=5&_sort=_lastUpdated', { count: 5, sort: 'lastUpdated' }, false, undefined],
    ['_count=250', { count: 100 }, false, 250],
    ['_count=0', { count: 1 }, true, undefined],
    ['_summary=count', { count: 20 }, true, undefined],
    ['_cursor=abc', { cursor: 'abc' }, false, undefined],
  ])('controls %s', (query, expected, summaryCount, clampedFrom) => {
    const parsed = parse('Flag', query);
    expect(parsed.query).toMatchObject(expected);
    expect(parsed.summaryCount).toBe(summaryCount);
    expect(parsed.clampedFrom).toBe(clampedFrom);
  });

  it('reads _include into reference parameter names', () => {
    expect(parse('Flag', '_include=Flag:detail&_include=Flag:patient').includes).toEqual(['detail', 'patient']);
  });

  it.each([
    ['Flag', 'colour=red', 400],
    ['Patient', 'code=a', 400],
    ['Flag', 'status:not=active', 400],
    ['Flag', 'detail=1', 400],
    ['Flag', '_count=1&_count=2', 400],
    ['Flag', '_include=Condition:patient', 400],
    ['Flag', '_lastUpdated=yesterday', 400],
  ])('%s?%s is refused', (type, query, status) => {
    let caught: unknown;
    try {
      parse(type, query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HttpError);
    expect((caught as HttpError).status).toBe(status);
  });
});
