import { describe, expect, it } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../outcome/issue.js';
import { readStu3RemoveRecord } from './stu3-remove-record.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';

const RETIRED = 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReason-1';
const ENTIRE = 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReasonEntireRecord-1';

const summary = (issues: OperationOutcomeIssue[]) =>
  issues.map((i) => [issueId(i), i.severity, i.expression?.[0]]);

type Part = Record<string, unknown>;
const parts = (overrides: Partial<Record<'nhs' | 'reason' | 'comment', Part | null>> = {}): Part[] =>
  [
    overrides.nhs === undefined ? { name: 'nhsNumber', valueString: '5900026175' } : overrides.nhs,
    overrides.reason === undefined
      ? { name: 'removalReason', valueCodeableConcept: { coding: [{ system: ENTIRE, code: 'PatientDissent' }] } }
      : overrides.reason,
    overrides.comment === undefined ? { name: 'supportingComment', valueString: 'Patient asked' } : overrides.comment,
  ].filter((p): p is Part => p !== null);

const parameters = (name: string, partList: Part[]) => ({
  resourceType: 'Parameters',
  parameter: [{ name, part: partList }],
});

describe('readStu3RemoveRecord', () => {
  it('reads fixture 04 exactly, with nothing to report', () => {
    const reading = readStu3RemoveRecord(nationalFixtureObject('04-parameters-stu3-api-removerarecord.json'));
    expect(reading.removal).toEqual({
      nhsNumber: '5900026175',
      reason: { system: RETIRED, code: 'DoesntApply' },
      comment: 'No longer applies',
    });
    expect(reading.patient).toEqual({
      nhsNumber: '5900026175',
      expression: 'Parameters.parameter[0].part[0].value.ofType(string)',
    });
    expect(reading.issues).toEqual([]);
  });

  it.each(['removeRARecord', 'removerarecord'])('accepts the parameter spelt %s', (name) => {
    const reading = readStu3RemoveRecord(parameters(name, parts()));
    expect(reading.removal).toEqual({
      nhsNumber: '5900026175',
      reason: { system: ENTIRE, code: 'PatientDissent' },
      comment: 'Patient asked',
    });
    expect(reading.issues).toEqual([]);
  });

  it.each([
    [
      'no nhsNumber part',
      { nhs: null },
      [['mapping.no-patient', 'error', "Parameters.parameter[0].part.where(name='nhsNumber')"]],
    ],
    [
      'an NHS number given as an identifier',
      { nhs: { name: 'nhsNumber', valueIdentifier: { value: '5900026175' } } },
      [
        ['mapping.not-carried', 'warning', 'Parameters.parameter[0].part[0].valueIdentifier'],
        ['mapping.no-patient', 'error', "Parameters.parameter[0].part.where(name='nhsNumber')"],
      ],
    ],
    [
      'an NHS number failing the check digit',
      { nhs: { name: 'nhsNumber', valueString: '5900026176' } },
      [['business.nhs-number-check-digit', 'error', 'Parameters.parameter[0].part[0].value.ofType(string)']],
    ],
    [
      'an NHS number with spaces',
      { nhs: { name: 'nhsNumber', valueString: '590 002 6175' } },
      [['business.nhs-number-format', 'error', 'Parameters.parameter[0].part[0].value.ofType(string)']],
    ],
    [
      'no removal reason',
      { reason: null },
      [['profile.element-missing', 'error', "Parameters.parameter[0].part.where(name='removalReason')"]],
    ],
    [
      'a removal reason without a coding',
      { reason: { name: 'removalReason', valueCodeableConcept: { text: 'gone' } } },
      [['profile.element-missing', 'error', 'Parameters.parameter[0].part[1].value.ofType(CodeableConcept).coding']],
    ],
    [
      'an unknown removal reason code',
      { reason: { name: 'removalReason', valueCodeableConcept: { coding: [{ system: ENTIRE, code: 'Moved' }] } } },
      [['profile.code-not-in-valueset', 'error', 'Parameters.parameter[0].part[1].value.ofType(CodeableConcept).coding[0]']],
    ],
    [
      'a removal reason from another system',
      { reason: { name: 'removalReason', valueCodeableConcept: { coding: [{ system: 'http://x', code: 'Error' }] } } },
      [['profile.code-not-in-valueset', 'error', 'Parameters.parameter[0].part[1].value.ofType(CodeableConcept).coding[0]']],
    ],
    [
      'no supporting comment',
      { comment: null },
      [['profile.element-missing', 'error', "Parameters.parameter[0].part.where(name='supportingComment')"]],
    ],
    [
      'a blank supporting comment',
      { comment: { name: 'supportingComment', valueString: '  ' } },
      [['profile.element-missing', 'error', "Parameters.parameter[0].part.where(name='supportingComment')"]],
    ],
  ])('gives no removal for %s', (_label, overrides, expected) => {
    const reading = readStu3RemoveRecord(parameters('removeRARecord', parts(overrides)));
    expect(reading.removal).toBeUndefined();
    expect(summary(reading.issues)).toEqual(expected);
  });

  it('reports parameters, parts and codings it does not carry, and still removes', () => {
    const input = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'comment', valueString: 'x' },
        {
          name: 'removeRARecord',
          part: [
            ...parts({
              reason: {
                name: 'removalReason',
                valueCodeableConcept: { coding: [{ system: RETIRED, code: 'Error' }, { system: ENTIRE, code: 'Error' }] },
              },
            }),
            { name: 'nhsNumber', valueString: '9434765919' },
          ],
        },
        { name: 'removerarecord', part: [] },
      ],
    };
    const reading = readStu3RemoveRecord(input);
    expect(reading.removal).toEqual({
      nhsNumber: '5900026175',
      reason: { system: RETIRED, code: 'Error' },
      comment: 'Patient asked',
    });
    expect(summary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Parameters.parameter[0]'],
      ['mapping.not-carried', 'warning', 'Parameters.parameter[2]'],
      ['mapping.not-carried', 'warning', 'Parameters.parameter[1].part[3]'],
      ['mapping.not-carried', 'warning', 'Parameters.parameter[1].part[1].value.ofType(CodeableConcept).coding[1]'],
    ]);
  });

  it('says the operation parameter is missing', () => {
    const reading = readStu3RemoveRecord({ resourceType: 'Parameters', parameter: [] });
    expect(reading.removal).toBeUndefined();
    expect(summary(reading.issues)).toEqual([
      ['profile.element-missing', 'error', "Parameters.parameter.where(name='removeRARecord')"],
    ]);
  });

  it('never echoes the submitted values', () => {
    const reading = readStu3RemoveRecord(
      parameters('removeRARecord', parts({ nhs: { name: 'nhsNumber', valueString: '5900026176' }, comment: null })),
    );
    expect(JSON.stringify(reading.issues)).not.toContain('5900026176');
  });
});
