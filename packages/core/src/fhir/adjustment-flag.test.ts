import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import type { Adjustment } from '../model/adjustment.js';
import { codeSystem } from '../terminology/index.js';
import { adjustmentToFlag, flagToAdjustment } from './adjustment-flag.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const patientRef = { reference: 'urn:uuid:p' };

function read(flag: unknown) {
  const issues: OperationOutcomeIssue[] = [];
  const adjustment = flagToAdjustment(JSON.parse(JSON.stringify(flag)) as Record<string, unknown>, 'Flag', issues);
  return { adjustment, issues: issues.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
}

describe('adjustmentToFlag ⇄ flagToAdjustment', () => {
  it.each<[string, Adjustment]>([
    ['coded with notes and id', { category: 'requires-specific-information-format', code: '796161000000101', notes: 'Large print', recorded: R, id: 'f1' }],
    ['coded, nothing optional', { category: 'community-language-support', code: '362691000000102', recorded: R }],
    ['bespoke', { category: 'bespoke-reasonable-adjustments', description: 'Bring a familiar object', recorded: R }],
  ])('reads back what it writes: %s', (_, adjustment) => {
    const flag = adjustmentToFlag(adjustment, patientRef);
    expect(flag.subject).toEqual(patientRef);
    expect(read(flag)).toEqual({ adjustment, issues: [] });
  });
});

describe('flagToAdjustment on other shapes', () => {
  const gen2 = (category: string, code: string) => ({
    ...adjustmentToFlag({ category: 'communication-support', code: '441092009', recorded: R }, patientRef),
    category: [
      { coding: [{ system: codeSystem.patientFlagCategory, code: 'NRAF' }] },
      { coding: [{ system: codeSystem.raFlagCategory, code: category }] },
    ],
    code: { coding: [{ system: 'https://snomed.info/sct', code }] },
  });

  it.each([
    ['001', '441092009', 'communication-support'],
    ['006', '362691000000102', 'community-language-support'],
    ['010', '1325741000000102', 'adjustments-to-support-additional-needs'],
  ])('maps the Gen 2 category %s with its SNOMED code', (category, code, slug) => {
    const result = read(gen2(category, code));
    expect(result.adjustment).toEqual({ category: slug, code, recorded: R });
    expect(result.issues).toEqual(['warning terminology.snomed-https Flag.code.coding[0].system']);
  });

  it.each([
    ['an unknown category code', gen2('012', '441092009'), 'error mapping.unrecognised-code Flag.category[1]'],
    ['a code of another category', gen2('001', '362691000000102'), 'error profile.code-not-for-category Flag.code.coding[0]'],
    ['no adjustment category at all', { ...gen2('001', '441092009'), category: [{ coding: [{ system: codeSystem.patientFlagCategory, code: 'NRAF' }] }] }, 'error mapping.missing-element Flag.category'],
    ['no SNOMED code', { ...gen2('001', '441092009'), code: { text: 'free text' } }, 'error mapping.missing-element Flag.code.coding'],
    ['a bespoke flag without text', gen2('011', '1108111000000107'), 'error profile.bespoke-text-required Flag.code.text'],
  ])('does not read a flag with %s', (_, flag, issue) => {
    const result = read(flag);
    expect(result.adjustment).toBeUndefined();
    expect(result.issues.filter((i) => !i.includes('snomed-https'))).toEqual([issue]);
  });

  it('reads the misspelt Gen 3 value-set slug as community language support', () => {
    const flag = adjustmentToFlag({ category: 'community-language-support', code: '362691000000102', recorded: R }, patientRef);
    flag.category![1]!.coding![0]!.code = 'communitiy-language-support';
    expect(read(flag).adjustment?.category).toBe('community-language-support');
  });

  it('warns about elements it does not carry (period, code.text of a coded adjustment)', () => {
    const flag = { ...adjustmentToFlag({ category: 'communication-support', code: '441092009', recorded: R }, patientRef), period: { start: '2024' } };
    flag.code.text = 'Lip reads';
    expect(read(flag).issues).toEqual(['warning mapping.unmapped-element Flag.period', 'warning mapping.not-carried Flag.code.text']);
  });
});
