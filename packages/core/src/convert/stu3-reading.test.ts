import { describe, expect, it } from 'vitest';
import { makeIssue } from '../outcome/issue.js';
import { emptyReading, merge } from './stu3-reading.js';

describe('Stu3Reading', () => {
  it('starts empty and knows where the patient belongs', () => {
    expect(emptyReading('Flag.subject')).toEqual({
      patients: [],
      patientExpected: 'Flag.subject',
      adjustments: [],
      impairments: [],
      underlyingConditions: [],
      consents: [],
      issues: [],
    });
  });

  it('merges a part in document order and keeps its own patientExpected', () => {
    const into = emptyReading('Bundle.entry');
    into.patients.push({ nhsNumber: '5900026175', expression: 'Bundle.entry[0].resource.patient.reference' });
    const part = emptyReading('Bundle.entry[1].resource.subject');
    part.patients.push({ nhsNumber: '5900026175', expression: 'Bundle.entry[1].resource.subject.reference' });
    part.issues.push(makeIssue('mapping.no-patient', 'x'));
    merge(into, part);
    expect(into.patientExpected).toBe('Bundle.entry');
    expect(into.patients.map((p) => p.expression)).toEqual([
      'Bundle.entry[0].resource.patient.reference',
      'Bundle.entry[1].resource.subject.reference',
    ]);
    expect(into.issues).toHaveLength(1);
  });
});
