import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { readAdjustmentCode } from './stu3-adjustment-code.js';
import { issueSummary } from './test-support/stu3-builders.js';

const read = (code: unknown, category: Parameters<typeof readAdjustmentCode>[2] = 'communication-support') => {
  const issues: OperationOutcomeIssue[] = [];
  const reading = readAdjustmentCode(code, 'Flag.code', category, issues);
  return { reading, issues: issueSummary(issues), texts: issues.map((i) => i.details?.text) };
};
const snomed = (code: string, system = 'http://snomed.info/sct') => ({ system, code });

describe('readAdjustmentCode', () => {
  it('reads a SNOMED CT adjustment', () => {
    expect(read({ coding: [snomed('796161000000101')] })).toEqual({
      reading: { kind: 'coded', code: '796161000000101', source: 'Flag.code.coding[0].code' },
      issues: [],
      texts: [],
    });
  });

  it('normalises https://snomed.info/sct and names the element', () => {
    const result = read({ coding: [snomed('796161000000101', 'https://snomed.info/sct')] });
    expect(result.reading).toEqual({ kind: 'coded', code: '796161000000101', source: 'Flag.code.coding[0].code' });
    expect(result.issues).toEqual([['mapping.normalised', 'information', 'Flag.code.coding[0].system']]);
  });

  it('refuses the invalid SCTID 7961610000001018 and says what the examples meant', () => {
    const result = read({ coding: [snomed('7961610000001018')] });
    expect(result.reading).toEqual({ kind: 'unusable' });
    expect(result.issues).toEqual([['mapping.not-carried', 'error', 'Flag.code.coding[0].code']]);
    expect(result.texts[0]).toBe(
      'Not carried into the R4 record: the adjustment, because its code is not a valid SNOMED CT identifier (the national examples that carry it meant 945951000000108).',
    );
  });

  it('refuses a legacy local adjustment code, which has no SNOMED CT coding', () => {
    const legacy = { system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-AdditionalSupport-1', code: '007_001' };
    const result = read({ coding: [legacy] }, 'adjustments-for-providing-additional-support-to-patients');
    expect(result.reading).toEqual({ kind: 'unusable' });
    expect(result.issues).toEqual([
      ['mapping.not-carried', 'warning', 'Flag.code.coding[0]'],
      ['mapping.not-carried', 'error', 'Flag.code'],
    ]);
  });

  it('reports what a coded adjustment cannot keep: other codings, code.text, unknown keys', () => {
    const result = read({ coding: [{ system: 'http://x', code: 'y' }, snomed('796161000000101')], text: 'Easy read', id: 'c1' });
    expect(result.reading).toEqual({ kind: 'coded', code: '796161000000101', source: 'Flag.code.coding[1].code' });
    expect(result.issues).toEqual([
      ['mapping.not-carried', 'warning', 'Flag.code.id'],
      ['mapping.not-carried', 'warning', 'Flag.code.coding[0]'],
      ['mapping.not-carried', 'warning', 'Flag.code.text'],
    ]);
  });

  it.each([undefined, 'x'])('is unusable without a code (%j)', (code) => {
    expect(read(code)).toMatchObject({ reading: { kind: 'unusable' }, issues: [['mapping.not-carried', 'error', 'Flag.code']] });
  });

  it('reads a bespoke adjustment as the words in code.text', () => {
    const result = read({ coding: [snomed('1108111000000107', 'https://snomed.info/sct')], text: ' Quiet room ' }, 'bespoke-reasonable-adjustments');
    expect(result).toEqual({ reading: { kind: 'bespoke', description: 'Quiet room', source: 'Flag.code.text' }, issues: [], texts: [] });
  });

  it('reports a bespoke adjustment coded with something else, and needs its text', () => {
    const result = read({ coding: [snomed('796161000000101')] }, 'bespoke-reasonable-adjustments');
    expect(result.reading).toEqual({ kind: 'unusable' });
    expect(result.issues).toEqual([
      ['mapping.not-carried', 'warning', 'Flag.code.coding[0]'],
      ['mapping.not-carried', 'error', 'Flag.code.text'],
    ]);
  });
});
