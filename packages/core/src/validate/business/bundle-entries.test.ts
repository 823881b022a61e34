import { describe, expect, it } from 'vitest';
import { entriesOf, patientKey, resolveEntry } from './bundle-entries.js';

const bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    { fullUrl: 'urn:uuid:0a0a0a0a-0000-4000-8000-000000000001', resource: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' }] } },
    { fullUrl: 'Patient/p2', resource: { resourceType: 'Patient', id: 'p2' } },
    { fullUrl: 'https://example.org/fhir/Flag/f1', resource: { resourceType: 'Flag', id: 'f1' } },
    { request: { method: 'DELETE', url: 'Flag/old' } },
  ],
};

describe('Bundle entries', () => {
  const entries = entriesOf(bundle);

  it('lists the entries that carry a resource, with their paths', () => {
    expect(entries.map((e) => e.path)).toEqual(['Bundle.entry[0].resource', 'Bundle.entry[1].resource', 'Bundle.entry[2].resource']);
  });

  it('treats a lone resource as the one entry', () => {
    expect(entriesOf({ resourceType: 'Flag' }).map((e) => e.path)).toEqual(['Flag']);
  });

  it.each([
    ['urn:uuid:0a0a0a0a-0000-4000-8000-000000000001', 'Bundle.entry[0].resource'],
    ['Patient/p2', 'Bundle.entry[1].resource'],
    ['Flag/f1', 'Bundle.entry[2].resource'],
    ['https://example.org/fhir/Flag/f1/_history/2', 'Bundle.entry[2].resource'],
    ['Flag/old', undefined],
    ['urn:uuid:0a0a0a0a-0000-4000-8000-000000000002', undefined],
    ['#x', undefined],
  ])('resolves %s', (reference, path) => {
    expect(resolveEntry(reference, entries)?.path).toBe(path);
  });

  it.each([
    ['the same entry by fullUrl and by NHS number', { reference: 'urn:uuid:0a0a0a0a-0000-4000-8000-000000000001' }, { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } }, true],
    ['two different entries', { reference: 'urn:uuid:0a0a0a0a-0000-4000-8000-000000000001' }, { reference: 'Patient/p2' }, false],
    ['one unresolved id written two ways', { reference: 'Patient/9' }, { reference: 'https://example.org/Patient/9' }, true],
  ])('keys %s', (_name, a, b, same) => {
    expect(patientKey(a, entries) === patientKey(b, entries)).toBe(same);
  });

  it.each([
    ['a display only', { display: 'Alan' }],
    ['a malformed reference', { reference: 'not a reference' }],
    ['an unresolved urn:uuid', { reference: 'urn:uuid:0a0a0a0a-0000-4000-8000-000000000003' }],
    ['not an object', 'Patient/1'],
  ])('has no key for %s (the base rules report it)', (_name, reference) => {
    expect(patientKey(reference, entries)).toBeUndefined();
  });
});
