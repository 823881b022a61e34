import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM, raflagUrl } from '../canonical.js';
import { patientToFhir, readPatient } from './patient.js';

const read = (patient: unknown) => {
  const issues: OperationOutcomeIssue[] = [];
  const value = readPatient(patient as Record<string, unknown>, 'Patient', issues);
  return { value, issues: issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
};

describe('Patient', () => {
  it.each([
    ['NHS number only', { nhsNumber: '9912003888' }],
    ['with local id, name and server id', { nhsNumber: '9912003888', localId: 'MRN-7', name: { family: 'Mann', given: ['Alan', 'J'] }, id: 'p-1' }],
    ['with given names only', { nhsNumber: '9912003888', name: { given: ['Alan'] } }],
  ])('reads back what it writes: %s', (_, patient) => {
    expect(read(patientToFhir(patient))).toEqual({ value: patient, issues: [] });
  });

  it.each([
    ['a wrong check digit', [{ system: NHS_NUMBER_SYSTEM, value: '9912003881' }], 'business.nhs-number-check-digit Patient.identifier[0].value'],
    ['spaces in the number', [{ system: NHS_NUMBER_SYSTEM, value: '991 200 3888' }], 'business.nhs-number-format Patient.identifier[0].value'],
    ['no NHS number', [{ system: raflagUrl.localPatientIdentifier, value: 'x' }], 'mapping.nhs-number-missing Patient.identifier'],
  ])('does not read a Patient with %s', (_, identifier, issue) => {
    expect(read({ resourceType: 'Patient', identifier })).toEqual({ value: undefined, issues: [issue] });
  });

  it('reports identifiers, names and demographics it does not carry', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9912003888' }, { system: 'urn:other', value: '1' }],
      name: [{ family: 'Mann' }, { family: 'Other' }],
      birthDate: '1970-01-01',
    };
    expect(read(patient)).toEqual({
      value: { nhsNumber: '9912003888', name: { family: 'Mann' } },
      issues: ['mapping.unmapped-element Patient.birthDate', 'mapping.unmapped-element Patient.identifier[1]', 'mapping.unmapped-element Patient.name[1]'],
    });
  });
});
