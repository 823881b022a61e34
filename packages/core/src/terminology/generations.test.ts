import { describe, expect, it } from 'vitest';
import { codeSystem as cs } from './code-systems.js';
import {
  adjustmentCategoryCodes,
  adjustmentCategoryFrom,
  adjustmentCategorySlugs,
  conditionCategoryFrom,
  conditionCategorySlugs,
  consentBases,
  consentBasisFrom,
  consentPurposeCode,
  consentStateFrom,
  consentStates,
  flagTypeCodes,
  flagTypeFrom,
  impairmentCodes,
  impairmentFrom,
  impairmentSlugs,
  misspeltCommunityLanguageSupport,
  patientFlagTypeSlugs,
  proxyRoleCode,
} from './generations.js';
import { displayOf } from './lookup.js';
import { nationalCodeSystems } from './terminology.generated.js';

const conceptCodes = (url: string): string[] =>
  nationalCodeSystems.find((c) => c.url === url)?.concepts.map((c) => c.code) ?? [];

describe('adjustment categories', () => {
  const table = [
    ['1', '001', 'communication-support'],
    ['2', '002', 'requires-communication-professional'],
    ['3', '003', 'requires-specific-contact-method'],
    ['4', '004', 'requires-specific-information-format'],
    ['5', '005', 'additional-communication-needs-and-support'],
    ['6', '006', 'community-language-support'],
    ['7', '007', 'adjustments-for-providing-additional-support-to-patients'],
    ['8', '008', 'adjustments-for-individual-care-requirements'],
    ['9', '009', 'adjustments-in-relation-to-the-environment-of-care'],
    ['10', '010', 'adjustments-to-support-additional-needs'],
    ['11', '011', 'bespoke-reasonable-adjustments'],
  ] as const;

  it('lists the 11 slugs in national order, as the Gen 3 code system does', () => {
    expect(adjustmentCategorySlugs).toEqual(table.map(([, , slug]) => slug));
    expect(adjustmentCategorySlugs).toEqual(conceptCodes(cs.flagCategoryRA));
  });

  it.each(table)('%s / %s / %s are one category in every generation', (numeric, padded, slug) => {
    expect(adjustmentCategoryFrom(cs.stu3AdjustmentCategory, numeric)).toBe(slug);
    expect(adjustmentCategoryFrom(cs.stu3AdjustmentCategory, padded)).toBe(slug);
    expect(adjustmentCategoryFrom(cs.raFlagCategory, padded)).toBe(slug);
    expect(adjustmentCategoryFrom(cs.raAdjustmentCategory, padded)).toBe(slug);
    expect(adjustmentCategoryFrom(cs.flagCategoryRA, slug)).toBe(slug);
    expect(adjustmentCategoryCodes(slug)).toEqual({ stu3: padded, numeric, slug });
    // Same display in all three code systems: the mapping joins like with like.
    expect(displayOf(cs.stu3AdjustmentCategory, padded)).toBe(displayOf(cs.flagCategoryRA, slug));
    expect(displayOf(cs.raFlagCategory, padded)).toBe(displayOf(cs.flagCategoryRA, slug));
  });

  it.each([
    [cs.flagCategoryRA, misspeltCommunityLanguageSupport, 'community-language-support'],
    [cs.flagCategoryRA, 'communitiy-language-support', 'community-language-support'],
    [cs.raFlagCategory, misspeltCommunityLanguageSupport, undefined],
    // Gen 2 only ever padded
    [cs.raFlagCategory, '1', undefined],
    [cs.raFlagCategory, 'communication-support', undefined],
    [cs.stu3AdjustmentCategory, 'communication-support', undefined],
    [cs.stu3AdjustmentCategory, '012', undefined],
    [cs.stu3AdjustmentCategory, '0', undefined],
    [cs.flagCategoryRA, '001', undefined],
    [cs.patientFlagCategory, '001', undefined],
    // February 2024: RA-FlagCategory meant the flag type (domain.md §7 item 2)
    [cs.raFlagCategory, 'NRAF', undefined],
  ])('%s|%s maps to %s', (system, code, expected) => {
    expect(adjustmentCategoryFrom(system, code)).toBe(expected);
  });
});

describe('impairments', () => {
  const table = [
    ['1', 'vision'],
    ['2', 'hearing'],
    ['3', 'mobility'],
    ['4', 'dexterity'],
    ['5', 'learning'],
    ['6', 'memory'],
    ['7', 'mental-health'],
    ['8', 'stamina'],
    ['9', 'social'],
    ['10', 'other'],
    ['12', 'patient-would-prefer-not-to-say'],
  ] as const;

  it('lists the 11 slugs in the order of the Gen 3 code system', () => {
    expect(impairmentSlugs).toEqual(conceptCodes(cs.conditionCodeRA));
    expect(table.map(([numeric]) => numeric)).toEqual(conceptCodes(cs.raConditionCode));
    expect(table.map(([numeric]) => numeric)).toEqual(conceptCodes(cs.stu3ConditionCode));
  });

  it.each(table)('%s / %s are one impairment in every generation', (numeric, slug) => {
    expect(impairmentFrom(cs.stu3ConditionCode, numeric)).toBe(slug);
    expect(impairmentFrom(cs.raConditionCode, numeric)).toBe(slug);
    expect(impairmentFrom(cs.conditionCodeRA, slug)).toBe(slug);
    expect(impairmentCodes(slug)).toEqual({ numeric, slug });
    expect(displayOf(cs.raConditionCode, numeric)).toBe(displayOf(cs.conditionCodeRA, slug));
  });

  it.each([
    // There is no impairment 11 (domain.md §7 item 8)
    [cs.stu3ConditionCode, '11'],
    [cs.raConditionCode, '11'],
    [cs.conditionCodeRA, '5'],
    [cs.raConditionCode, 'learning'],
    [cs.stu3ConditionCode, '05'],
    // Legacy v1.0.0 codes and SNOMED ids under the STU3 system (§7 item 7)
    [cs.stu3ConditionCode, 'ZZ'],
    [cs.stu3ConditionCode, '1855002'],
    ['http://snomed.info/sct', '5'],
  ])('%s|%s is no impairment', (system, code) => {
    expect(impairmentFrom(system, code)).toBeUndefined();
  });
});

describe('flag type', () => {
  it.each([
    [cs.stu3FlagCategory, 'NRAF', 'national-reasonable-adjustment-flag'],
    [cs.patientFlagCategory, 'NRAF', 'national-reasonable-adjustment-flag'],
    [cs.raFlagCategory, 'NRAF', 'national-reasonable-adjustment-flag'],
    [cs.flagCategoryPatient, 'national-reasonable-adjustment-flag', 'national-reasonable-adjustment-flag'],
    [cs.patientFlagCategory, 'FGM', 'female-genital-mutilation-flag'],
    [cs.flagCategoryPatient, 'female-genital-mutilation-flag', 'female-genital-mutilation-flag'],
    [cs.patientFlagCategory, 'CP-IS', 'child-protection-information-system-flag'],
    [cs.flagCategoryPatient, 'child-protection-information-system-flag', 'child-protection-information-system-flag'],
    [cs.flagCategoryPatient, 'NRAF', undefined],
    [cs.stu3FlagCategory, 'FGM', undefined],
    [cs.stu3FlagCategory, 'reasonable adjustments flag', undefined],
    [cs.patientFlagCategory, 'nraf', undefined],
    [cs.raFlagCategory, '001', undefined],
  ])('%s|%s is %s', (system, code, expected) => {
    expect(flagTypeFrom(system, code)).toBe(expected);
  });

  it('maps each Gen 3 flag type back to its Gen 2 code', () => {
    expect(patientFlagTypeSlugs.map((slug) => flagTypeCodes(slug))).toEqual([
      { gen2: 'NRAF', slug: 'national-reasonable-adjustment-flag' },
      { gen2: 'FGM', slug: 'female-genital-mutilation-flag' },
      { gen2: 'CP-IS', slug: 'child-protection-information-system-flag' },
    ]);
  });

  it('covers exactly the Gen 3 and Gen 2 flag-type code systems', () => {
    expect([...patientFlagTypeSlugs].sort()).toEqual(conceptCodes(cs.flagCategoryPatient).sort());
    expect(patientFlagTypeSlugs.map((slug) => flagTypeCodes(slug).gen2).sort()).toEqual(conceptCodes(cs.patientFlagCategory).sort());
  });
});

describe('consent basis (proxy role)', () => {
  const table = [
    ['001', 'patient'],
    ['002', 'best-interest'],
    ['003', 'lasting-power-of-attorney'],
    ['004', 'other-representative'],
  ] as const;

  it('lists the four bases in code order', () => {
    expect(consentBases).toEqual(table.map(([, basis]) => basis));
  });

  it.each(table)('%s is %s under the STU3 and Gen 2 systems', (code, basis) => {
    expect(consentBasisFrom(cs.stu3ProxyRole, code)).toBe(basis);
    expect(consentBasisFrom(cs.flagProxyRole, code)).toBe(basis);
    expect(consentBasisFrom(cs.raProxyRole, code)).toBe(basis);
    expect(proxyRoleCode(basis)).toBe(code);
  });

  it.each([
    [cs.flagProxyRole, '005'],
    [cs.flagProxyRole, '1'],
    // 2018 legacy codes under the legacy system
    ['https://fhir.nhs.uk/STU3/CodeSystem/CodeSystem-RARecord-ProxyRole-1', 'lpa'],
    [cs.stu3ProxyRole, 'lpa'],
    [cs.raConsentPurpose, '001'],
  ])('%s|%s is no basis', (system, code) => {
    expect(consentBasisFrom(system, code)).toBeUndefined();
  });
});

describe('consent state (purpose)', () => {
  const table = [
    ['RACONSENT', 'given'],
    ['RADISSENT', 'refused'],
    ['RAREVOKED', 'withdrawn'],
  ] as const;

  it('lists the three states', () => {
    expect(consentStates).toEqual(table.map(([, state]) => state));
  });

  it.each(table)('%s is %s', (code, state) => {
    expect(consentStateFrom(cs.raConsentPurpose, code)).toBe(state);
    expect(consentPurposeCode(state)).toBe(code);
  });

  it.each([
    [cs.stu3ConsentPurpose, 'RACONSENT', 'given'],
    // The STU3 code system has only RACONSENT
    [cs.stu3ConsentPurpose, 'RADISSENT', undefined],
    [cs.stu3ConsentPurpose, 'RAREVOKED', undefined],
    ['http://snomed.info/sct', '370856009', undefined],
    [cs.raConsentPurpose, 'FGMCONSENT', undefined],
    [cs.raConsentPurpose, 'raconsent', undefined],
  ])('%s|%s is %s', (system, code, expected) => {
    expect(consentStateFrom(system, code)).toBe(expected);
  });
});

describe('condition category', () => {
  it('lists the five categories in code-system order', () => {
    expect([...conditionCategorySlugs]).toEqual(conceptCodes(cs.conditionCategoryRA));
    expect([...conditionCategorySlugs]).toEqual(conceptCodes(cs.raConditionCategory));
  });

  it.each(conditionCategorySlugs)('%s is the same under Gen 2 and Gen 3', (slug) => {
    expect(conditionCategoryFrom(cs.conditionCategoryRA, slug)).toBe(slug);
    expect(conditionCategoryFrom(cs.raConditionCategory, slug)).toBe(slug);
  });

  it.each([
    [cs.careConnectConditionCategory, 'issue', 'issue'],
    [cs.careConnectConditionCategory, 'problem', undefined],
    [cs.careConnectConditionCategory, 'problem-list-item', undefined],
    [cs.conditionCategoryRA, 'Issue', undefined],
    [cs.conditionCategoryFGM, 'fgm-example-condition-category', undefined],
  ])('%s|%s is %s', (system, code, expected) => {
    expect(conditionCategoryFrom(system, code)).toBe(expected);
  });
});

describe('bad input', () => {
  const notAString = undefined as unknown as string;
  it.each([
    ['adjustmentCategoryFrom', () => adjustmentCategoryFrom(notAString, '001')],
    ['impairmentFrom', () => impairmentFrom(cs.raConditionCode, notAString)],
    ['flagTypeFrom', () => flagTypeFrom(notAString, notAString)],
    ['consentBasisFrom', () => consentBasisFrom(cs.flagProxyRole, 1 as unknown as string)],
    ['consentStateFrom', () => consentStateFrom(null as unknown as string, 'RACONSENT')],
    ['conditionCategoryFrom', () => conditionCategoryFrom(cs.conditionCategoryRA, notAString)],
  ])('%s answers undefined rather than throwing', (_name, call) => {
    expect(call()).toBeUndefined();
  });
});
