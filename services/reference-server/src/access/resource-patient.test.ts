import type { Flag } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { patientIdOf } from './resource-patient.js';

const flagAbout = (reference: string): Flag => ({ resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference } });

describe('patientIdOf', () => {
  it.each([
    ['Patient/abc-1.2', 'abc-1.2'],
    ['https://example.org/fhir/Patient/abc', 'abc'],
    ['Patient/Patient', 'Patient'],
    ['https://example.org/fhir/Patient/Patient/abc', 'abc'],
  ])('finds the patient id in %s', (reference, id) => {
    expect(patientIdOf(flagAbout(reference))).toBe(id);
  });

  it.each([
    'Patient/abc/_history/2',
    'NotPatient/abc',
    'Group/abc',
    'Patient/',
    'Patient/has space',
    `Patient/${'a'.repeat(65)}`,
    '#contained',
  ])('names no patient for %s', (reference) => {
    expect(patientIdOf(flagAbout(reference))).toBeUndefined();
  });
});
