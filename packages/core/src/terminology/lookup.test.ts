import { describe, expect, it } from 'vitest';
import { codeSystem as cs } from './code-systems.js';
import type { AdjustmentCategorySlug } from './generations.js';
import {
  adjustmentCodes,
  categoriesOfAdjustment,
  displayOf,
  isAdjustmentCode,
  isProvenanceRole,
  isR4AdjustmentCode,
} from './lookup.js';
import { adjustmentCategories } from './terminology.generated.js';

const SNOMED = 'http://snomed.info/sct';
const LATIN = '972801000000105';

describe('displayOf', () => {
  it.each([
    [SNOMED, '1082681000000103', 'Requires support for receptive communication needs'],
    [SNOMED, '972931000000108', 'Norwegian Bokmål interpreter needed'],
    [SNOMED, LATIN, 'Latin interpreter needed'],
    [SNOMED, '1326341000000105', 'Impairment with substantial and long term adverse effect on normal day to day activity (Equality Act 2010)'],
    [SNOMED, '1094391000000102', 'Reasonable adjustments for health and care access'],
    [cs.flagCategoryPatient, 'national-reasonable-adjustment-flag', 'National Reasonable Adjustment Flag'],
    [cs.patientFlagCategory, 'NRAF', 'National Reasonable Adjustments Flag'],
    [cs.flagCategoryRA, 'community-language-support', 'Community Language Support'],
    [cs.stu3AdjustmentCategory, '011', 'Bespoke Reasonable adjustments'],
    [cs.conditionCodeRA, 'learning', 'Learning or understanding or concentrating'],
    [cs.raConditionCode, '5', 'Learning or understanding or concentrating'],
    [cs.raConsentPurpose, 'RAREVOKED', 'Reasonable Adjustments - Consent revoked to record Reasonable Adjustments'],
    [cs.flagProxyRole, '002', 'Best interest decision made on behalf of the patient (Mental Capacity Act 2005)'],
    // The source displays start with a space (domain.md §7 item 7); raflag emits them trimmed.
    [cs.stu3RemovalReasonEntireRecord, 'Error', 'The Reasonable Adjustment flag was created in error'],
    [cs.stu3SpineErrorOrWarningCode, 'DUPLICATE_REJECTED', 'Create would lead to creation of a duplicate resource'],
    [cs.careConnectSdsJobRoleName, 'R1974', 'Community Learning Disabilities Nurse'],
    [cs.careConnectSdsJobRoleName, 'R0260', 'General Medical Practitioner'],
    [cs.sdsJobRoleName, 'R0260', 'General Medical Practitioner'],
  ])('%s|%s is %j', (system, code, display) => {
    expect(displayOf(system, code)).toBe(display);
  });

  it.each([
    ['https://snomed.info/sct', '1082681000000103'],
    [SNOMED, '7961610000001018'],
    [cs.flagCategoryRA, 'communitiy-language-support'],
    [cs.raConditionCode, '11'],
    // HL7 role codes come without displays in the source.
    [cs.v3RoleCode, 'CRP'],
    ['https://example.org/cs', 'x'],
  ])('%s|%s has no display', (system, code) => {
    expect(displayOf(system, code)).toBeUndefined();
  });

  it('never returns a display with surrounding spaces', () => {
    for (const reasonSystem of [
      cs.stu3RemovalReasonEntireRecord,
      cs.stu3RemovalReasonIndividualAdjustment,
      cs.stu3RemovalReasonIndividualImpairment,
      cs.stu3RemovalReasonUnderlyingCondition,
    ]) {
      for (const code of ['Error', 'PatientDissent', 'ProxyDissent', 'BestInterest', 'DoesntApply']) {
        const display = displayOf(reasonSystem, code);
        expect(display).toBeDefined();
        expect(display).toBe(display?.trim());
      }
    }
  });
});

describe('categoriesOfAdjustment', () => {
  it.each([
    ['105506000', ['adjustments-for-providing-additional-support-to-patients', 'adjustments-for-individual-care-requirements']],
    ['1325291000000103', ['additional-communication-needs-and-support', 'adjustments-for-providing-additional-support-to-patients']],
    ['1325321000000108', ['adjustments-for-individual-care-requirements', 'adjustments-in-relation-to-the-environment-of-care']],
    ['1082681000000103', ['communication-support']],
    ['1108111000000107', ['bespoke-reasonable-adjustments']],
    [LATIN, ['community-language-support']],
    ['1326341000000105', []],
    ['73618009', []],
  ])('%s is in %j', (code, categories) => {
    expect(categoriesOfAdjustment(code)).toEqual(categories);
  });

  it('finds exactly nine codes that sit in two categories and none in three', () => {
    const codes = new Set(adjustmentCategories.flatMap((c) => c.codes.map((r) => r.code)));
    const counts = [...codes].map((code) => categoriesOfAdjustment(code).length);
    expect(codes.size).toBe(339);
    expect(counts.filter((n) => n === 2)).toHaveLength(9);
    expect(counts.filter((n) => n !== 1 && n !== 2)).toEqual([]);
  });
});

describe('isAdjustmentCode and isR4AdjustmentCode', () => {
  it.each([
    ['105506000', undefined, true],
    ['105506000', 'adjustments-for-individual-care-requirements', true],
    ['105506000', 'communication-support', false],
    ['1108111000000107', 'bespoke-reasonable-adjustments', true],
    ['1326341000000105', undefined, false],
    [LATIN, undefined, true],
    ['', undefined, false],
  ] as const)('isAdjustmentCode(%s, %s) is %s', (code, category, expected) => {
    expect(isAdjustmentCode(code, category as AdjustmentCategorySlug | undefined)).toBe(expected);
  });

  it.each([
    ['1082681000000103', true],
    [LATIN, false],
    ['1326341000000105', false],
  ])('isR4AdjustmentCode(%s) is %s', (code, expected) => {
    expect(isR4AdjustmentCode(code)).toBe(expected);
  });
});

describe('adjustmentCodes', () => {
  // Sizes of the STU3 per-category value sets as domain.md §3.1 lists them.
  it.each([
    ['communication-support', 40],
    ['requires-communication-professional', 15],
    ['requires-specific-contact-method', 9],
    ['requires-specific-information-format', 19],
    ['additional-communication-needs-and-support', 13],
    ['community-language-support', 202],
    ['adjustments-for-providing-additional-support-to-patients', 12],
    ['adjustments-for-individual-care-requirements', 19],
    ['adjustments-in-relation-to-the-environment-of-care', 11],
    ['adjustments-to-support-additional-needs', 7],
    ['bespoke-reasonable-adjustments', 1],
  ] as const)('%s has %i codes', (category, size) => {
    const codes = adjustmentCodes(category);
    expect(codes).toHaveLength(size);
    expect(codes.every((c) => c.system === SNOMED && isAdjustmentCode(c.code, category))).toBe(true);
  });

  it('is empty for a slug that is not a category', () => {
    expect(adjustmentCodes('nope' as AdjustmentCategorySlug)).toEqual([]);
  });
});

describe('isProvenanceRole', () => {
  it.each([
    [cs.careConnectSdsJobRoleName, 'R0260', true],
    [cs.careConnectSdsJobRoleName, 'R0050', true],
    [cs.careConnectSdsJobRoleName, 'R1974', true],
    [cs.sdsJobRoleName, 'R0260', true],
    [cs.v3ParticipationType, 'AUT', true],
    [cs.v3RoleCode, 'CRP', true],
    [cs.dicom, 'R0260', false],
    [cs.careConnectSdsJobRoleName, 'r0260', false],
    ['https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName', 'R0260', false],
  ])('%s|%s is %s', (system, code, expected) => {
    expect(isProvenanceRole(system, code)).toBe(expected);
  });
});
