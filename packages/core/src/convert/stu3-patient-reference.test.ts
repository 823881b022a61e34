import { describe, expect, it } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../outcome/issue.js';
import { patientFromReference, readPatientReference } from './stu3-patient-reference.js';

describe('readPatientReference', () => {
  it.each([
    ['https://demographics.spineservices.nhs.uk/STU3/Patient/5900026175', false],
    ['demographics.spineservices.nhs.uk/STU3/Patient/5900026175', true],
    ['  https://demographics.spineservices.nhs.uk/STU3/Patient/5900026175 ', false],
  ])('reads the NHS number from %s', (reference, schemeMissing) => {
    expect(readPatientReference(reference)).toEqual({ kind: 'nhs-number', nhsNumber: '5900026175', schemeMissing });
  });

  it.each([
    'Patient/5900026175',
    'http://demographics.spineservices.nhs.uk/STU3/Patient/5900026175',
    'https://demographics.spineservices.nhs.uk/R4/Patient/5900026175',
    'https://example.org/STU3/Patient/5900026175',
    'https://demographics.spineservices.nhs.uk/STU3/Patient/5900026175/_history/1',
    '',
  ])('does not read %s as a Spine patient', (reference) => {
    expect(readPatientReference(reference)).toEqual({ kind: 'not-spine' });
  });

  it.each([
    'https://demographics.spineservices.nhs.uk/STU3/Patient/590002617',
    'https://demographics.spineservices.nhs.uk/STU3/Patient/59000261755',
    'https://demographics.spineservices.nhs.uk/STU3/Patient/590 002 6175',
    'https://demographics.spineservices.nhs.uk/STU3/Patient/abc',
  ])('says %s does not end in a 10-digit NHS number', (reference) => {
    expect(readPatientReference(reference)).toEqual({ kind: 'not-nhs-number' });
  });
});

describe('patientFromReference', () => {
  const read = (reference: unknown) => {
    const issues: OperationOutcomeIssue[] = [];
    const patient = patientFromReference(reference, 'Flag.subject', issues);
    return { patient, issues: issues.map((i) => [issueId(i), i.severity, i.expression?.[0]]) };
  };

  it.each([
    'https://demographics.spineservices.nhs.uk/STU3/Patient/5900026175',
    'demographics.spineservices.nhs.uk/STU3/Patient/5900026175',
  ])('finds the patient in %s', (reference) => {
    expect(read({ reference })).toEqual({
      patient: { nhsNumber: '5900026175', expression: 'Flag.subject.reference' },
      issues: [],
    });
  });

  it.each([undefined, 'x', {}, { reference: 42 }])('finds nothing, silently, in %j', (reference) => {
    expect(read(reference)).toEqual({ patient: undefined, issues: [] });
  });

  it.each([
    ['Patient/5900026175', 'mapping.stu3-patient-reference'],
    ['https://demographics.spineservices.nhs.uk/STU3/Patient/123', 'mapping.stu3-patient-reference'],
    ['https://demographics.spineservices.nhs.uk/STU3/Patient/5900026176', 'business.nhs-number-check-digit'],
  ])('rejects %s with %s and does not echo it', (reference, id) => {
    const result = read({ reference });
    expect(result).toEqual({ patient: undefined, issues: [[id, 'error', 'Flag.subject.reference']] });
  });

  it('does not carry a display (it would be the patient name)', () => {
    const result = read({ reference: 'https://demographics.spineservices.nhs.uk/STU3/Patient/5900026175', display: 'Jo Bloggs' });
    expect(result.patient?.nhsNumber).toBe('5900026175');
    expect(result.issues).toEqual([['mapping.not-carried', 'warning', 'Flag.subject.display']]);
  });
});
