import { describe, expect, it } from 'vitest';
import { gen2Extension } from '../../canonical.js';
import { codeSystem } from '../../terminology/index.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import { entry, validResource } from '../test-support/valid-bundle.js';
import { gen3AdjustmentProfile } from './adjustment-flag-profile.js';

type Edit = (flag: Record<string, unknown>) => void;

const bespoke: Edit = (f) => {
  setAt(f, 'category[1].coding[0]', { system: codeSystem.flagCategoryRA, code: 'bespoke-reasonable-adjustments' });
  setAt(f, 'code', { coding: [{ system: 'http://snomed.info/sct', code: '1108111000000107' }] });
};

describe('England-Flag-PatientFlag-Adjustment', () => {
  it('accepts the valid adjustment', () => {
    expect(runProfile(gen3AdjustmentProfile, validResource(entry.adjustment))).toEqual([]);
  });

  it.each<[string, Edit, string, string, string]>([
    ['an adjustment category code outside the value set', (f) => setAt(f, 'category[1].coding[0].code', 'large-print'), 'profile.code-not-in-valueset', 'Flag.category[1].coding[0].code', 'error'],
    ['the misspelt national slug (the code system has none)', (f) => setAt(f, 'category[1].coding[0].code', 'communitiy-language-support'), 'profile.code-not-in-valueset', 'Flag.category[1].coding[0].code', 'error'],
    ['a Gen 2 numeric category system', (f) => setAt(f, 'category[1].coding[0]', { system: codeSystem.raFlagCategory, code: '001' }), 'profile.code-wrong-system', 'Flag.category[1].coding[0].system', 'error'],
    ['a Gen 2 NRAF flag type', (f) => setAt(f, 'category[0].coding[0]', { system: codeSystem.patientFlagCategory, code: 'NRAF' }), 'profile.code-wrong-system', 'Flag.category[0].coding[0].system', 'error'],
    ['an unknown flag type slug', (f) => setAt(f, 'category[0].coding[0].code', 'nraf'), 'profile.code-not-in-valueset', 'Flag.category[0].coding[0].code', 'error'],
    ['no categories at all', (f) => removeAt(f, 'category'), 'profile.element-missing', 'Flag.category', 'error'],
    ['no adjustment category', (f) => removeAt(f, 'category[1]'), 'profile.category-missing', 'Flag.category', 'error'],
    ['no flag-type category', (f) => removeAt(f, 'category[0]'), 'profile.category-missing', 'Flag.category', 'error'],
    ['a second flag-type category', (f) => (f.category as unknown[]).push(structuredClone((f.category as unknown[])[0])), 'profile.category-repeated', 'Flag.category[2]', 'error'],
    ['an adjustment code from another category', (f) => setAt(f, 'code.coding[0]', { system: 'http://snomed.info/sct', code: '796161000000101' }), 'profile.code-not-for-category', 'Flag.code.coding[0].code', 'error'],
    ['a SNOMED code that is no adjustment (https system)', (f) => setAt(f, 'code.coding[0]', { system: 'https://snomed.info/sct', code: '73618009' }), 'profile.code-not-for-category', 'Flag.code.coding[0].code', 'error'],
    ['an adjustment coded outside SNOMED CT', (f) => setAt(f, 'code.coding[0]', { system: 'http://example.org/local', code: 'x' }), 'profile.code-wrong-system', 'Flag.code.coding[0].system', 'error'],
    ['an adjustment described only in text', (f) => setAt(f, 'code', { text: 'something' }), 'profile.element-missing', 'Flag.code.coding', 'error'],
    ['a bespoke adjustment without text', bespoke, 'profile.bespoke-text-required', 'Flag.code.text', 'error'],
    ['an adjustment display unlike the code system', (f) => setAt(f, 'code.coding[0].display', 'Needs help'), 'profile.display-mismatch', 'Flag.code.coding[0].display', 'warning'],
    ['a flag-type display unlike the code system', (f) => setAt(f, 'category[0].coding[0].display', 'National Reasonable Adjustments Flag'), 'profile.display-mismatch', 'Flag.category[0].coding[0].display', 'warning'],
    ['the Gen 2 notes extension url', (f) => setAt(f, 'extension[0].url', gen2Extension.flagNotes), 'profile.extension-url-old', 'Flag.extension[0].url', 'warning'],
    ['two contained Provenances', (f) => (f.contained as unknown[]).push({ ...(f.contained as Record<string, unknown>[])[0], id: 'again' }), 'profile.too-many', 'Flag.contained[1]', 'error'],
  ])('reports %s once', (_name, edit, id, expression, severity) => {
    const flag = validResource(entry.adjustment);
    edit(flag);
    expect(runProfile(gen3AdjustmentProfile, flag)).toEqual([[id, expression, severity]]);
  });

  it.each<[string, Edit]>([
    ['a bespoke adjustment with text', (f) => { bespoke(f); setAt(f, 'code.text', 'Bring a trusted companion'); }],
    ['a bespoke adjustment in text only', (f) => { bespoke(f); setAt(f, 'code', { text: 'Bring a trusted companion' }); }],
    ['an https SNOMED code from the right category (the scan warns, not the binding)', (f) => setAt(f, 'code.coding[0].system', 'https://snomed.info/sct')],
    ['a display differing only in case and blanks', (f) => setAt(f, 'code.coding[0].display', ' requires support for  receptive communication needs')],
    ['an extra category of another system (the slicing is open)', (f) => (f.category as unknown[]).push({ text: 'local' })],
    ['a category that is not an array (base reports it)', (f) => setAt(f, 'category', { text: 'x' })],
    ['a code of the wrong shape (base reports it)', (f) => setAt(f, 'code', 'x')],
  ])('accepts %s', (_name, edit) => {
    const flag = validResource(entry.adjustment);
    edit(flag);
    expect(runProfile(gen3AdjustmentProfile, flag)).toEqual([]);
  });

  it('does not hold the code to a category that was itself invalid', () => {
    const flag = validResource(entry.adjustment);
    setAt(flag, 'category[1].coding[0].code', 'made-up');
    setAt(flag, 'code.coding[0].code', '796161000000101');
    expect(runProfile(gen3AdjustmentProfile, flag)).toEqual([
      ['profile.code-not-in-valueset', 'Flag.category[1].coding[0].code', 'error'],
    ]);
  });

  it('writes expressions under the path it is given', () => {
    const flag = validResource(entry.adjustment);
    removeAt(flag, 'category[1]');
    expect(runProfile(gen3AdjustmentProfile, flag, 'Bundle.entry[2].resource')).toEqual([
      ['profile.category-missing', 'Bundle.entry[2].resource.category', 'error'],
    ]);
  });
});
