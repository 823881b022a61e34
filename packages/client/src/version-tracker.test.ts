import type { Bundle } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { parseLocation, VersionTracker, versionFromEtag } from './version-tracker.js';

describe('versionFromEtag', () => {
  it.each([
    ['W/"3"', '3'],
    ['"12"', '12'],
    [' W/"7" ', '7'],
    ['3', undefined],
    ['W/3', undefined],
    [null, undefined],
  ])('%j → %j', (etag, version) => {
    expect(versionFromEtag(etag)).toBe(version);
  });
});

describe('parseLocation', () => {
  it.each([
    ['https://fhir.test/fhir/Flag/abc-1/_history/2', { type: 'Flag', id: 'abc-1', versionId: '2' }],
    ['Consent/c1/_history/9', { type: 'Consent', id: 'c1', versionId: '9' }],
    ['Patient/p1', { type: 'Patient', id: 'p1' }],
    ['not a location', undefined],
    [undefined, undefined],
  ])('%j', (location, parsed) => {
    expect(parseLocation(location)).toEqual(parsed);
  });
});

describe('VersionTracker', () => {
  it('keeps the version of resources it saw and forgets deleted ones', () => {
    const tracker = new VersionTracker();
    tracker.noteResource({ resourceType: 'Flag', id: 'f1', meta: { versionId: '4' } });
    const response: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [
        { response: { status: '201 Created', location: 'Condition/c1/_history/1' } },
        { response: { status: '200 OK', location: 'Consent/k1', etag: 'W/"6"' } },
        { response: { status: '204 No Content', location: 'Flag/f1' } },
      ],
    };
    tracker.noteBundle(response);
    expect(tracker.get('Condition', 'c1')).toBe('1');
    expect(tracker.get('Consent', 'k1')).toBe('6');
    expect(tracker.get('Flag', 'f1')).toBeUndefined();
  });
});
