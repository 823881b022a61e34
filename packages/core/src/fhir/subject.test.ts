import { describe, expect, it } from 'vitest';
import type { LocatedResource } from './input-resources.js';
import { nhsNumberOf, refersTo } from './subject.js';

const patient: LocatedResource = { resource: {}, type: 'Patient', at: 'Bundle.entry[0].resource', names: ['urn:uuid:abc', 'Patient/p1'] };

describe('refersTo', () => {
  it.each([
    [{ reference: 'urn:uuid:abc' }, true],
    [{ reference: 'Patient/p1' }, true],
    [{ reference: 'https://server/fhir/Patient/p1' }, true],
    [{ reference: 'Patient/p2' }, false],
    [{ reference: 'https://server/fhir/Patient/p12' }, false],
    [{ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } }, true],
    [{ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' } }, false],
    [{ display: 'Alan' }, false],
    ['Patient/p1', false],
  ])('%j → %s', (reference, expected) => {
    expect(refersTo(reference, patient, '9912003888')).toBe(expected);
  });

  it('reads the NHS number of a logical reference only under the NHS number system', () => {
    expect(nhsNumberOf({ identifier: { system: 'urn:x', value: '9912003888' } })).toBeUndefined();
    expect(nhsNumberOf({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } })).toBe('9912003888');
  });
});
