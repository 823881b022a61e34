import { describe, expect, it } from 'vitest';
import { referencedType } from './reference-type.js';

describe('referencedType', () => {
  it.each([
    [{ reference: 'Patient/1' }, 'Patient'],
    [{ reference: 'https://sds.spineservices.nhs.uk/Practitioner/2ee4tr6a9' }, 'Practitioner'],
    [{ reference: 'https://sds.spineservices.nhs.uk/STU3/Practitioner/2ee4tr6a9' }, 'Practitioner'],
    [{ reference: 'https://example.org/fhir/Patient/1/_history/3' }, 'Patient'],
    [{ reference: 'urn:uuid:5', type: 'Organization' }, 'Organization'],
    [{ reference: 'urn:uuid:5' }, undefined],
    [{ reference: '#p1' }, undefined],
    [{ reference: 'patient-1' }, undefined],
    [{ identifier: { value: '1' } }, undefined],
    ['Patient/1', undefined],
  ])('reads %j as %s', (reference, type) => {
    expect(referencedType(reference)).toBe(type);
  });
});
