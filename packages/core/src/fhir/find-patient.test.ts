import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM } from '../canonical.js';
import { findPatient } from './find-patient.js';
import type { LocatedResource } from './input-resources.js';

const located = (resource: Record<string, unknown>, index: number): LocatedResource => ({
  resource,
  type: String(resource['resourceType']),
  at: `%input[${index}]`,
  names: [],
});
const patient = (nhs: string) => ({ resourceType: 'Patient', identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs }] });
const flagAbout = (nhs: string) => ({ resourceType: 'Flag', subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: nhs } } });

function find(resources: Record<string, unknown>[], nhsNumber?: string) {
  const issues: OperationOutcomeIssue[] = [];
  const found = findPatient(resources.map(located), nhsNumber === undefined ? {} : { nhsNumber }, issues);
  return { nhs: found.patient?.nhsNumber, issues: issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0] ?? '-'}`) };
}

describe('findPatient', () => {
  it.each([
    ['the Patient resource', [patient('9912003888')], undefined, { nhs: '9912003888', issues: [] }],
    ['the same Patient twice', [patient('9912003888'), patient('9912003888')], undefined, { nhs: '9912003888', issues: ['mapping.more-than-one %input[1]'] }],
    ['two different Patients', [patient('9912003888'), patient('9434765919')], undefined, { nhs: '9912003888', issues: ['mapping.patient-conflict %input[1]'] }],
    ['subject identifiers', [flagAbout('9434765919'), flagAbout('9434765919')], undefined, { nhs: '9434765919', issues: [] }],
    ['subjects that disagree', [flagAbout('9434765919'), flagAbout('9912003888')], undefined, { nhs: undefined, issues: ['mapping.patient-conflict -'] }],
    ['the option', [{ resourceType: 'Flag' }], '9912003888', { nhs: '9912003888', issues: [] }],
    ['an option with a bad check digit', [{ resourceType: 'Flag' }], '9912003881', { nhs: undefined, issues: ['business.nhs-number-check-digit -'] }],
    ['nothing at all', [{ resourceType: 'Flag' }], undefined, { nhs: undefined, issues: [] }],
  ])('finds the patient from %s', (_, resources, option, expected) => {
    expect(find(resources, option)).toEqual(expected);
  });
});
