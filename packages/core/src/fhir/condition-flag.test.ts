import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import type { Impairment } from '../model/impairment.js';
import { codeSystem } from '../terminology/index.js';
import { conditionToItem, impairmentToCondition, underlyingConditionToCondition } from './condition-flag.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const patientRef = { reference: 'Patient/p' };

function read(condition: unknown) {
  const issues: OperationOutcomeIssue[] = [];
  const item = conditionToItem(JSON.parse(JSON.stringify(condition)) as Record<string, unknown>, 'Condition', issues);
  return { item, issues: issues.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
}

describe('impairments and underlying conditions', () => {
  it.each<[string, Impairment]>([
    ['vision', { code: 'vision', recorded: R }],
    ['other with its text', { code: 'other', text: 'Chronic pain', recorded: R, id: 'c1' }],
    ['prefer not to say', { code: 'patient-would-prefer-not-to-say', recorded: R }],
  ])('reads back the impairment it writes: %s', (_, impairment) => {
    expect(read(impairmentToCondition(impairment, patientRef))).toEqual({ item: { kind: 'impairment', item: impairment }, issues: [] });
  });

  it('reads back an underlying condition with its display', () => {
    const condition = { code: '1855002', display: 'Developmental academic disorder', recorded: R };
    expect(read(underlyingConditionToCondition(condition, patientRef))).toEqual({ item: { kind: 'underlying-condition', item: condition }, issues: [] });
  });

  it.each([
    ['1', 'vision'],
    ['5', 'learning'],
    ['9', 'social'],
    ['12', 'patient-would-prefer-not-to-say'],
  ])('maps the Gen 2 impairment %s to %s', (code, slug) => {
    const condition = impairmentToCondition({ code: 'vision', recorded: R }, patientRef);
    condition.code = { coding: [{ system: codeSystem.raConditionCode, code }] };
    expect(read(condition).item).toEqual({ kind: 'impairment', item: { code: slug, recorded: R } });
  });

  it.each([
    ['impairment 11, which never existed', { coding: [{ system: codeSystem.raConditionCode, code: '11' }] }, 'error mapping.unrecognised-code Condition.code.coding[0]'],
    ['other without text', { coding: [{ system: codeSystem.conditionCodeRA, code: 'other' }] }, 'error profile.other-impairment-text Condition.code.text'],
    ['no coding', { text: 'something' }, 'error mapping.missing-element Condition.code.coding'],
  ])('does not read %s', (_, code, issue) => {
    const condition = { ...impairmentToCondition({ code: 'vision', recorded: R }, patientRef), code };
    expect(read(condition)).toEqual({ item: undefined, issues: [issue] });
  });

  it('leaves out a resolved condition, saying so', () => {
    const condition = impairmentToCondition({ code: 'vision', recorded: R }, patientRef);
    condition.clinicalStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] };
    expect(read(condition)).toEqual({ item: undefined, issues: ['warning mapping.not-carried Condition.clinicalStatus.coding[0]'] });
  });

  it('warns about a condition category other than issue, which it does not keep', () => {
    const condition = impairmentToCondition({ code: 'vision', recorded: R }, patientRef);
    condition.category![1] = { coding: [{ system: codeSystem.conditionCategoryRA, code: 'problem-list-item' }] };
    expect(read(condition).issues).toEqual(['warning mapping.not-carried Condition.category[1]']);
  });
});
