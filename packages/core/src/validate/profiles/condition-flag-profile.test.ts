import { describe, expect, it } from 'vitest';
import { codeSystem } from '../../terminology/index.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import { entry, validResource } from '../test-support/valid-bundle.js';
import { gen3ConditionProfile } from './condition-flag-profile.js';

type Edit = (condition: Record<string, unknown>) => void;

const other: Edit = (c) => setAt(c, 'code', { coding: [{ system: codeSystem.conditionCodeRA, code: 'other' }] });

describe('England-Condition-Flag', () => {
  it.each([
    ['an impairment', entry.impairment],
    ['an underlying condition coded in SNOMED CT', entry.underlyingCondition],
  ])('accepts %s', (_name, index) => {
    expect(runProfile(gen3ConditionProfile, validResource(index))).toEqual([]);
  });

  it.each<[string, Edit, string, string, string]>([
    ['no code (1..1 here, 0..1 in R4)', (c) => removeAt(c, 'code'), 'profile.element-missing', 'Condition.code', 'error'],
    ['an impairment slug the code system does not define', (c) => setAt(c, 'code.coding[0].code', 'sight'), 'terminology.unknown-code', 'Condition.code.coding[0].code', 'error'],
    ['the Gen 2 numeric impairment', (c) => setAt(c, 'code.coding[0]', { system: codeSystem.raConditionCode, code: '5' }), 'profile.code-wrong-system', 'Condition.code.coding[0].system', 'warning'],
    ['a code from an unrelated system', (c) => setAt(c, 'code.coding[0]', { system: 'http://example.org/local', code: 'x' }), 'profile.code-not-in-extensible-valueset', 'Condition.code', 'warning'],
    ['"other" without saying what it is', other, 'profile.other-impairment-text', 'Condition.code.text', 'error'],
    ['an impairment display unlike the code system', (c) => setAt(c, 'code.coding[0].display', 'Learning'), 'profile.display-mismatch', 'Condition.code.coding[0].display', 'warning'],
    ['three categories', (c) => (c.category as unknown[]).push({ text: 'extra' }), 'profile.too-many', 'Condition.category[2]', 'error'],
    ['a condition category outside the value set', (c) => setAt(c, 'category[1].coding[0].code', 'complaint'), 'profile.code-not-in-valueset', 'Condition.category[1].coding[0].code', 'error'],
    ['the STU3 CareConnect category', (c) => setAt(c, 'category[1].coding[0]', { system: codeSystem.careConnectConditionCategory, code: 'issue' }), 'profile.code-wrong-system', 'Condition.category[1].coding[0].system', 'error'],
    ['two flag-type categories', (c) => setAt(c, 'category[1]', structuredClone((c.category as unknown[])[0])), 'profile.category-repeated', 'Condition.category[1]', 'error'],
  ])('reports %s once', (_name, edit, id, expression, severity) => {
    const condition = validResource(entry.impairment);
    edit(condition);
    expect(runProfile(gen3ConditionProfile, condition)).toEqual([[id, expression, severity]]);
  });

  it.each<[string, Edit]>([
    ['"other" with code.text', (c) => { other(c); setAt(c, 'code.text', 'Chronic pain'); }],
    ['"other" with a note', (c) => { other(c); c.note = [{ text: 'Chronic pain' }]; }],
    ['no categories (both slices are 0..1)', (c) => removeAt(c, 'category')],
    ['an underlying condition in text only', (c) => setAt(c, 'code', { text: 'Epilepsy' })],
  ])('accepts %s', (_name, edit) => {
    const condition = validResource(entry.impairment);
    edit(condition);
    expect(runProfile(gen3ConditionProfile, condition)).toEqual([]);
  });

  it('reports three categories once, not again as a repeated slice', () => {
    const condition = validResource(entry.impairment);
    (condition.category as unknown[]).push(structuredClone((condition.category as unknown[])[0]));
    expect(runProfile(gen3ConditionProfile, condition)).toEqual([['profile.too-many', 'Condition.category[2]', 'error']]);
  });
});
