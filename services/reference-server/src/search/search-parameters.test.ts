import type { Consent, Flag, Patient, Resource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FLAG_DETAIL_EXTENSION } from '@raflag/core';
import { findSearchParameter, referenceTarget, searchableResourceTypes, searchParametersOf, type SearchParameterDefinition } from './search-parameters.js';

function extract(resourceType: string, name: string, resource: Resource): readonly unknown[] {
  const parameter: SearchParameterDefinition | undefined = findSearchParameter(resourceType, name);
  if (parameter?.type !== 'token' && parameter?.type !== 'reference') throw new Error(`${resourceType}.${name} extracts nothing`);
  return parameter.extract(resource);
}

describe('the search-parameter table', () => {
  it('holds the six resource types, each with _id and _lastUpdated', () => {
    expect([...searchableResourceTypes].sort()).toEqual(['AuditEvent', 'Condition', 'Consent', 'Flag', 'Patient', 'Provenance']);
    for (const type of searchableResourceTypes) {
      expect(findSearchParameter(type, '_id')?.type).toBe('id');
      expect(findSearchParameter(type, '_lastUpdated')?.type).toBe('date');
    }
  });

  it.each([
    ['Flag', ['patient', 'identifier', 'code', 'category', 'status', 'detail', '_id', '_lastUpdated']],
    ['Condition', ['patient', 'code', 'category', 'clinical-status', '_id', '_lastUpdated']],
    ['Consent', ['patient', 'status', 'purpose', '_id', '_lastUpdated']],
    ['Patient', ['identifier', '_id', '_lastUpdated']],
  ])('%s has the required parameters', (type, names) => {
    expect(searchParametersOf(type).map((parameter) => parameter.name)).toEqual(expect.arrayContaining(names));
  });

  it('has nothing for other types, including inherited object keys', () => {
    expect(searchParametersOf('Observation')).toEqual([]);
    expect(searchParametersOf('toString')).toEqual([]);
    expect(findSearchParameter('Flag', 'colour')).toBeUndefined();
  });

  it('Flag identifier goes through the patient reference, which allows the identifier chain', () => {
    expect(findSearchParameter('Flag', 'identifier')).toMatchObject({ type: 'identifier', through: 'patient' });
    expect(findSearchParameter('Flag', 'patient')).toMatchObject({ type: 'reference', targets: ['Patient'], patientIdentifierChain: true });
  });
});

describe('index values extracted from resources', () => {
  const flag: Flag = {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '123' }, { code: 'local' }] },
    category: [{ coding: [{ system: 'http://a', code: 'x' }] }, { coding: [{ system: 'http://b', code: 'y' }] }, { text: 'text only' }],
    subject: { reference: 'Patient/p1' },
    extension: [
      { url: FLAG_DETAIL_EXTENSION, valueReference: { reference: 'Condition/c1' } },
      { url: FLAG_DETAIL_EXTENSION, valueReference: { reference: '#contained' } },
      { url: 'http://other', valueReference: { reference: 'Consent/not-detail' } },
      { url: FLAG_DETAIL_EXTENSION, valueReference: { reference: 'https://host/fhir/Consent/k1/_history/2' } },
    ],
  };

  it.each([
    ['code', [{ system: 'http://snomed.info/sct', code: '123' }, { system: undefined, code: 'local' }]],
    ['category', [{ system: 'http://a', code: 'x' }, { system: 'http://b', code: 'y' }]],
    ['status', [{ system: 'http://hl7.org/fhir/flag-status', code: 'active' }]],
    ['patient', [{ type: 'Patient', id: 'p1' }]],
    ['detail', [{ type: 'Condition', id: 'c1' }, { type: 'Consent', id: 'k1' }]],
  ])('Flag %s', (name, expected) => {
    expect(extract('Flag', name, flag)).toEqual(expected);
  });

  it('Flag patient ignores a subject that is not a Patient', () => {
    const aboutGroup: Flag = { ...flag, subject: { reference: 'Group/g1' } };
    expect(extract('Flag', 'patient', aboutGroup)).toEqual([]);
  });

  it('Consent purpose reads provision.purpose only', () => {
    const consent: Consent = {
      resourceType: 'Consent',
      status: 'inactive',
      scope: { text: 's' },
      category: [{ text: 'c' }],
      patient: { reference: 'Patient/p2' },
      provision: { purpose: [{ system: 'http://p', code: 'RAREVOKED' }], provision: [{ purpose: [{ system: 'http://p', code: 'NESTED' }] }] },
    };
    expect(extract('Consent', 'purpose', consent)).toEqual([{ system: 'http://p', code: 'RAREVOKED' }]);
    expect(extract('Consent', 'status', consent)).toEqual([{ system: 'http://hl7.org/fhir/consent-state-codes', code: 'inactive' }]);
    expect(extract('Consent', 'patient', consent)).toEqual([{ type: 'Patient', id: 'p2' }]);
  });

  it('Patient identifier indexes system and value, skipping empty values', () => {
    const patient: Patient = { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }, { value: 'local-1' }, { system: 'http://x' }] };
    expect(extract('Patient', 'identifier', patient)).toEqual([
      { system: 'https://fhir.nhs.uk/Id/nhs-number', code: '9000000009' },
      { system: undefined, code: 'local-1' },
    ]);
  });

  it('malformed elements index nothing instead of throwing', () => {
    const broken = { resourceType: 'Flag', code: 'not a concept', category: [null, 3], subject: 'Patient/p', extension: 'x' } as unknown as Flag;
    for (const name of ['code', 'category', 'patient', 'detail']) expect(extract('Flag', name, broken)).toEqual([]);
  });

  it.each([
    ['Patient/1', { type: 'Patient', id: '1' }],
    ['Patient/1/_history/3', { type: 'Patient', id: '1' }],
    ['https://example.org/fhir/R4/Condition/abc-1.2', { type: 'Condition', id: 'abc-1.2' }],
    ['#p1', undefined],
    ['urn:uuid:9a1c1e1e-0000-4000-8000-000000000000', undefined],
    ['not a reference', undefined],
    ['patient/1', undefined],
  ])('reference %s', (reference, expected) => {
    expect(referenceTarget({ reference })).toEqual(expected);
  });
});
