import type { Parameters, ParametersParameter } from 'fhir/r4.js';
import { adjustmentCategorySlugs, codeSystem, ENGLAND_CS } from '@raflag/core';
import type { SearchCondition } from '../../store/store.js';
import { jsonResponse } from '../fhir-response.js';
import type { Handler } from '../route-def.js';

const PATIENT_FLAG = { system: `${ENGLAND_CS}/England-FlagCategoryPatient`, code: 'national-reasonable-adjustment-flag' };
const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

const token = (param: string, system: string | undefined, code: string): SearchCondition => ({ kind: 'token', param, values: [{ system, code }] });
const activeFlag = token('status', undefined, 'active');

/**
 * `GET [base]/$provision-report`: how many people have a reasonable adjustment flag, how many
 * adjustments of each category and impairments are recorded, and how consent stands. It answers
 * the Oliver McGowan review's recommendation 5 to audit provision regularly, not only access.
 * Every figure is an index count, so the report costs the same on any store size and reads no
 * record; it holds counts only, never a patient.
 */
export const provisionReportHandler: Handler = async (_exchange, { store }) => {
  const count = (resourceType: string, conditions: SearchCondition[]): Promise<number> => store.count({ resourceType, conditions });
  const [patients, impairments, given, refused, withdrawn, ...byCategory] = await Promise.all([
    count('Flag', [token('code', PATIENT_FLAG.system, PATIENT_FLAG.code), activeFlag]),
    count('Condition', [token('clinical-status', CLINICAL_STATUS, 'active')]),
    count('Consent', [token('purpose', codeSystem.raConsentPurpose, 'RACONSENT'), token('status', undefined, 'active')]),
    count('Consent', [token('purpose', codeSystem.raConsentPurpose, 'RADISSENT')]),
    count('Consent', [token('purpose', codeSystem.raConsentPurpose, 'RAREVOKED')]),
    ...adjustmentCategorySlugs.map((slug) => count('Flag', [token('category', codeSystem.flagCategoryRA, slug), activeFlag])),
  ]);
  // Each adjustment Flag carries exactly one adjustment category, so the categories add up to the total.
  const adjustments = byCategory.reduce((sum, n) => sum + n, 0);
  const parts = (entries: [string, number][]): ParametersParameter[] => entries.map(([name, valueInteger]) => ({ name, valueInteger }));
  const report: Parameters = {
    resourceType: 'Parameters',
    parameter: [
      { name: 'generated', valueInstant: new Date().toISOString() },
      { name: 'patients-with-flag', valueInteger: patients },
      { name: 'adjustments', valueInteger: adjustments },
      { name: 'adjustments-by-category', part: parts(adjustmentCategorySlugs.map((slug, i) => [slug, byCategory[i] ?? 0])) },
      { name: 'impairments-and-conditions', valueInteger: impairments },
      { name: 'consents', part: parts([['given', given], ['refused', refused], ['withdrawn', withdrawn]]) },
    ],
  };
  return jsonResponse(200, report);
};
