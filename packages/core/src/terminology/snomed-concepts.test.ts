import { describe, expect, it } from 'vitest';
import { categoriesOfAdjustment, displayOf, isR4AdjustmentCode } from './lookup.js';
import { knownInvalidSnomedCodes, otherSnomedDisplays, snomedConcept } from './snomed-concepts.js';

const SNOMED = 'http://snomed.info/sct';

describe('snomedConcept', () => {
  it('keeps the Equality Act threshold apart from the Bespoke adjustment (domain.md §7 item 9)', () => {
    expect(snomedConcept.equalityActThreshold).toBe('1326341000000105');
    expect(snomedConcept.bespokeAdjustment).toBe('1108111000000107');
    expect(categoriesOfAdjustment(snomedConcept.equalityActThreshold)).toEqual([]);
    expect(categoriesOfAdjustment(snomedConcept.bespokeAdjustment)).toEqual(['bespoke-reasonable-adjustments']);
  });

  it.each(Object.entries(snomedConcept))('%s (%s) has a display', (_name, code) => {
    expect(displayOf(SNOMED, code)).toMatch(/\S/);
  });

  it('adds displays only for concepts that are not adjustments', () => {
    expect([...otherSnomedDisplays.keys()].filter((code) => categoriesOfAdjustment(code).length > 0)).toEqual([]);
  });
});

describe('knownInvalidSnomedCodes', () => {
  it('points the invalid "Requires visual alert" id at the real adjustment', () => {
    const meant = knownInvalidSnomedCodes.get('7961610000001018');
    expect(meant).toBe('945951000000108');
    expect(isR4AdjustmentCode(meant ?? '')).toBe(true);
    expect(isR4AdjustmentCode('7961610000001018')).toBe(false);
  });
});
