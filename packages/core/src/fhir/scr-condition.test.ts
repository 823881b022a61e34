import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { raflagUrl } from '../canonical.js';
import { readSignificantHistory, significantHistoryToCondition } from './scr-condition.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const read = (condition: unknown) => {
  const issues: OperationOutcomeIssue[] = [];
  const item = readSignificantHistory(JSON.parse(JSON.stringify(condition)) as Record<string, unknown>, 'Condition', issues);
  return { item, issues: issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
};

describe('significant medical history', () => {
  it.each([
    ['with onset and note', { code: '195967001', display: 'Asthma', onset: '1999-04', note: 'Inhaler', recorded: R, id: 's1' }],
    ['with code and display only', { code: '38341003', display: 'Hypertension', recorded: R }],
  ])('reads back what it writes %s', (_, item) => {
    const condition = significantHistoryToCondition(item, { reference: 'urn:uuid:p' });
    expect(condition.category).toEqual([{ coding: [{ system: raflagUrl.scrInformationCodeSystem, code: 'significant-medical-history', display: 'Significant medical history' }] }]);
    expect(condition.meta).toBeUndefined();
    expect(read(condition)).toEqual({ item, issues: [] });
  });

  it('does not read a history item without a SNOMED CT code', () => {
    const condition = significantHistoryToCondition({ code: '195967001', display: 'Asthma', recorded: R }, { reference: 'urn:uuid:p' });
    condition.code = { text: 'Asthma' };
    expect(read(condition)).toEqual({ item: undefined, issues: ['mapping.missing-element Condition.code.coding'] });
  });
});
