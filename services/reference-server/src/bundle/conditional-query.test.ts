import { issueId } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { conditionalQuery } from './conditional-query.js';
import { EntryFailure } from './entry-failure.js';

describe('conditionalQuery', () => {
  it.each([
    ['Patient', 'identifier=https://fhir.nhs.uk/Id/nhs-number|9990000018', [{ kind: 'token', param: 'identifier', values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', code: '9990000018' }] }]],
    ['Flag', 'code=|abc,def', [{ kind: 'token', param: 'code', values: [{ system: '', code: 'abc' }, { code: 'def' }] }]],
    ['Flag', 'patient=Patient/p1', [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }]],
    ['Flag', 'patient=p1', [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }]],
    ['Flag', 'patient:identifier=s|v', [{ kind: 'identifier', param: 'patient', values: [{ system: 's', value: 'v' }] }]],
    ['Flag', 'identifier=v', [{ kind: 'identifier', param: 'identifier', values: [{ system: undefined, value: 'v' }] }]],
    ['Consent', '_id=a,b', [{ kind: 'id', values: ['a', 'b'] }]],
  ])('%s?%s', (type, query, conditions) => {
    expect(conditionalQuery(type, query, 'x')).toEqual({ resourceType: type, conditions, sort: 'lastUpdated', count: 2 });
  });

  it.each([
    ['Patient', 'colour=blue', 'http.search-parameter-unknown'],
    ['Patient', 'identifier=', 'http.search-parameter-invalid'],
    ['Flag', '_lastUpdated=gt2026-01-01', 'http.search-parameter-invalid'],
    ['Flag', 'code:text=x', 'http.search-parameter-invalid'],
    ['Patient', '', 'http.search-parameter-invalid'],
  ])('refuses %s?%s so the create is never silently unconditional', (type, query, id) => {
    let caught: unknown;
    try {
      conditionalQuery(type, query, 'Bundle.entry[0].request.ifNoneExist');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EntryFailure);
    const failure = caught as EntryFailure;
    expect(failure.status).toBe(400);
    expect(failure.issues.map(issueId)).toEqual([id]);
    expect(failure.issues[0]?.expression).toEqual(['Bundle.entry[0].request.ifNoneExist']);
  });
});
