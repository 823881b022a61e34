import { describe, expect, it } from 'vitest';
import { codeSystem as cs, valueSet as vs } from './code-systems.js';
import { adjustmentCategories } from './terminology.generated.js';
import { isInValueSet, knownValueSet, knownValueSetUrls, valueSetExpansion, valueSetSystems } from './value-sets.js';

const SNOMED = 'http://snomed.info/sct';
const SNOMED_HTTPS = 'https://snomed.info/sct';
const LATIN = '972801000000105';
const RECEPTIVE = '1082681000000103';

describe('isInValueSet', () => {
  it.each([
    // Gen 3 categories, including the misspelling in the national compose (domain.md §7 item 5)
    [vs.englandFlagCategoryProgramme, cs.flagCategoryRA, 'community-language-support', true],
    [vs.englandFlagCategoryProgramme, cs.flagCategoryRA, 'communitiy-language-support', false],
    [vs.englandFlagCategoryProgramme, cs.flagCategoryRA, 'communication-support', true],
    [vs.englandFlagCategoryProgramme, cs.flagCategoryFGM, 'example-fgm-category', true],
    [vs.englandFlagCategoryProgramme, cs.raFlagCategory, '006', false],
    [vs.englandFlagCategoryPatient, cs.flagCategoryPatient, 'national-reasonable-adjustment-flag', true],
    [vs.englandFlagCategoryPatient, cs.flagCategoryPatient, 'NRAF', false],
    [vs.englandFlagCategoryPatient, cs.patientFlagCategory, 'NRAF', false],
    // SNOMED adjustments: exact system only (domain.md §7 item 6), Latin only in STU3
    [vs.englandFlagCodeRA, SNOMED, RECEPTIVE, true],
    [vs.englandFlagCodeRA, SNOMED_HTTPS, RECEPTIVE, false],
    [vs.raFlagCode, SNOMED_HTTPS, RECEPTIVE, false],
    [vs.stu3FlagCode, SNOMED_HTTPS, RECEPTIVE, false],
    [vs.englandFlagCodeRA, SNOMED, LATIN, false],
    [vs.raFlagCode, SNOMED, LATIN, false],
    [vs.stu3FlagCode, SNOMED, LATIN, true],
    [vs.englandFlagCodeRA, SNOMED, '1326341000000105', false],
    [vs.englandFlagCodeRA, SNOMED, '7961610000001018', false],
    // Programme code lists are raflag's expansions of broken composes (§7 item 19)
    [vs.englandFlagCodeProgramme, SNOMED, RECEPTIVE, true],
    [vs.englandFlagCodeProgramme, SNOMED, '902961000000107', true],
    [vs.englandFlagCodeProgramme, SNOMED, '224353004', false],
    [vs.englandFlagCodeProgramme, vs.englandFlagCodeRA, RECEPTIVE, false],
    [vs.programmeFlagCode, SNOMED, '224353004', true],
    [vs.programmeFlagCode, vs.raFlagCode, RECEPTIVE, false],
    [vs.englandFlagCodeFGM, SNOMED, '902961000000107', true],
    // Gen 2 categories
    [vs.patientFlagCategory, cs.patientFlagCategory, 'NRAF', true],
    [vs.patientFlagCategory, cs.patientFlagCategory, 'CP-IS', true],
    [vs.programmeFlagCategory, cs.raFlagCategory, '011', true],
    [vs.programmeFlagCategory, cs.raFlagCategory, '11', false],
    [vs.programmeFlagCategory, cs.cpisFlagCategory, '001', true],
    // Conditions
    [vs.englandFlagConditionCode, cs.conditionCodeRA, 'learning', true],
    [vs.englandFlagConditionCode, cs.conditionCodeFGM, '1', true],
    [vs.englandFlagConditionCode, cs.raConditionCode, '5', false],
    [vs.flagConditionCode, cs.raConditionCode, '12', true],
    [vs.flagConditionCode, cs.raConditionCode, '11', false],
    [vs.stu3ConditionCode, cs.stu3ConditionCode, '11', false],
    [vs.stu3ConditionCode, cs.stu3ConditionCode, '10', true],
    [vs.englandFlagConditionCategory, cs.conditionCategoryRA, 'issue', true],
    [vs.englandFlagConditionCategory, cs.conditionCategoryFGM, 'fgm-example-condition-category', true],
    [vs.flagConditionCategory, cs.raConditionCategory, 'problem-list-item', true],
    [vs.careConnectConditionCategory, cs.careConnectConditionCategory, 'issue', true],
    // Consent: raflag's FlagConsentPurpose includes RADISSENT and RAREVOKED (§7 item 19)
    [vs.flagConsentPurpose, cs.raConsentPurpose, 'RACONSENT', true],
    [vs.flagConsentPurpose, cs.raConsentPurpose, 'RADISSENT', true],
    [vs.flagConsentPurpose, cs.raConsentPurpose, 'RAREVOKED', true],
    [vs.flagConsentPurpose, cs.fgmConsentPurpose, 'FGMCONSENT', true],
    [vs.stu3ConsentPurpose, cs.stu3ConsentPurpose, 'RADISSENT', false],
    [vs.flagProxyRole, cs.flagProxyRole, '004', true],
    [vs.flagProxyRole, cs.flagProxyRole, '005', false],
    [vs.flagProxyRole, cs.stu3ProxyRole, '001', false],
    [vs.stu3ProxyRole, cs.stu3ProxyRole, '002', true],
    // Provenance roles
    [vs.flagProvenanceRole, cs.careConnectSdsJobRoleName, 'R0260', true],
    [vs.flagProvenanceRole, cs.sdsJobRoleName, 'R0260', false],
    [vs.englandFlagProvenanceRole, cs.sdsJobRoleName, 'R0260', true],
    [vs.englandFlagProvenanceRole, cs.careConnectSdsJobRoleName, 'R0260', true],
    [vs.stu3ProvenanceRole, cs.v3RoleCode, 'CRP', true],
    [vs.stu3ProvenanceRole, cs.careConnectSdsJobRoleName, 'R9999', false],
    // STU3 removal reasons: the four current systems, not the retired one
    [vs.stu3RemovalReason, cs.stu3RemovalReasonIndividualAdjustment, 'DoesntApply', true],
    [vs.stu3RemovalReason, cs.stu3RemovalReasonEntireRecord, 'BestInterest', true],
    [vs.stu3RemovalReason, cs.stu3RemovalReason, 'DoesntApply', false],
    [vs.englandFlagRemovalReason, cs.fgmRemovalReason, '2', true],
    // Spine errors and the STU3 list code
    [vs.stu3SpineErrorOrWarningCode, cs.stu3SpineErrorOrWarningCode, 'ACCESS DENIED', true],
    [vs.stu3SpineErrorOrWarningCode, cs.stu3SpineErrorOrWarningCode, 'CONFLICT', false],
    [vs.careConnectListCode, SNOMED, '1094391000000102', true],
    // Per-category STU3 value sets
    ['https://fhir.nhs.uk/STU3/ValueSet/RARecord-BespokeReasonableAdjustment-1', SNOMED, '1108111000000107', true],
    ['https://fhir.nhs.uk/STU3/ValueSet/RARecord-BespokeReasonableAdjustment-1', SNOMED, RECEPTIVE, false],
    // A versioned canonical; an unknown value set
    [`${vs.englandFlagCodeRA}|0.1.0`, SNOMED, RECEPTIVE, true],
    ['https://fhir.nhs.uk/England/ValueSet/Nope', SNOMED, RECEPTIVE, false],
  ])('%s has %s|%s: %s', (url, system, code, expected) => {
    expect(isInValueSet(url, system, code)).toBe(expected);
  });

  it('holds every R4 adjustment row in both R4 flag-code value sets and every row in STU3 RARecord-FlagCode-1', () => {
    const rows = adjustmentCategories.flatMap((c) => c.codes);
    expect(rows).toHaveLength(348);
    const r4 = rows.filter((r) => r.inR4RAFlagCode);
    expect(r4).toHaveLength(347);
    expect(r4.filter((r) => !isInValueSet(vs.englandFlagCodeRA, r.system, r.code))).toEqual([]);
    expect(r4.filter((r) => !isInValueSet(vs.raFlagCode, r.system, r.code))).toEqual([]);
    expect(rows.filter((r) => !isInValueSet(vs.stu3FlagCode, r.system, r.code))).toEqual([]);
  });

  it('holds each category row in its own STU3 per-category value set', () => {
    for (const category of adjustmentCategories) {
      expect(valueSetExpansion(category.stu3ValueSet).map((m) => m.code)).toEqual([...new Set(category.codes.map((r) => r.code))]);
    }
  });

  it('answers false rather than throwing for values that are not strings', () => {
    expect(isInValueSet(vs.englandFlagCodeRA, undefined as unknown as string, RECEPTIVE)).toBe(false);
    expect(isInValueSet(null as unknown as string, SNOMED, RECEPTIVE)).toBe(false);
  });
});

describe('valueSetExpansion sizes', () => {
  it.each([
    [vs.englandFlagCategoryPatient, 3],
    [vs.englandFlagCategoryProgramme, 12],
    [vs.englandFlagCodeRA, 338],
    [vs.englandFlagCodeFGM, 1],
    [vs.englandFlagCodeProgramme, 339],
    [vs.englandFlagConditionCategory, 6],
    [vs.englandFlagConditionCode, 12],
    [vs.englandFlagProvenanceRole, 466 + 392],
    [vs.englandFlagRemovalReason, 2],
    [vs.patientFlagCategory, 3],
    [vs.programmeFlagCategory, 13],
    [vs.raFlagCode, 338],
    [vs.cpisFlagCode, 1],
    [vs.fgmFlagCode, 1],
    [vs.programmeFlagCode, 340],
    [vs.flagConditionCategory, 7],
    [vs.flagConditionCode, 13],
    [vs.flagConsentPurpose, 5],
    [vs.flagProxyRole, 4],
    [vs.flagProvenanceRole, 466],
    [vs.stu3FlagCategory, 1],
    [vs.stu3AdjustmentCategory, 11],
    [vs.stu3FlagCode, 339],
    [vs.stu3ConditionCode, 11],
    [vs.stu3ConsentPurpose, 1],
    [vs.stu3ProxyRole, 4],
    [vs.stu3RemovalReason, 20],
    [vs.stu3ProvenanceRole, 466],
    [vs.stu3SpineErrorOrWarningCode, 45],
    [vs.careConnectConditionCategory, 7],
    [vs.careConnectListCode, 2],
  ])('%s has %i distinct members', (url, size) => {
    expect(valueSetExpansion(url)).toHaveLength(size);
  });

  it('is empty for an unknown value set', () => {
    expect(valueSetExpansion('https://example.org/ValueSet/x')).toEqual([]);
  });
});

describe('knownValueSet', () => {
  it.each(Object.entries(vs))('knows %s', (_key, url) => {
    expect(knownValueSet(url)).toBe(true);
  });

  it('knows the 11 STU3 per-category value sets and nothing unnamed besides', () => {
    for (const c of adjustmentCategories) expect(knownValueSet(c.stu3ValueSet)).toBe(true);
    expect(knownValueSetUrls).toHaveLength(Object.keys(vs).length + 11);
  });

  it.each(['https://fhir.nhs.uk/England/ValueSet/RA-FlagCategory', 'https://fhir.nhs.uk/England/CodeSystem/RA-FlagCategory', ''])(
    'does not know %j',
    (url) => {
      expect(knownValueSet(url)).toBe(false);
    },
  );
});

describe('valueSetSystems', () => {
  it.each([
    [vs.englandFlagCategoryProgramme, [cs.flagCategoryRA, cs.flagCategoryFGM]],
    [vs.englandFlagCategoryPatient, [cs.flagCategoryPatient]],
    [vs.programmeFlagCategory, [cs.raFlagCategory, cs.cpisFlagCategory, cs.fgmFlagCategory]],
    [vs.englandFlagCodeRA, [SNOMED]],
    [
      vs.stu3RemovalReason,
      [
        cs.stu3RemovalReasonEntireRecord,
        cs.stu3RemovalReasonIndividualAdjustment,
        cs.stu3RemovalReasonIndividualImpairment,
        cs.stu3RemovalReasonUnderlyingCondition,
      ],
    ],
    ['https://example.org/ValueSet/x', []],
  ])('%s draws on %j', (url, systems) => {
    expect(valueSetSystems(url)).toEqual(systems);
  });
});
