/**
 * Maps between the three generations' codes for the same ideas (domain.md §1.2, §7 items 1, 2, 5, 8):
 * STU3 `1`/`001`, Gen 2 `001` and Gen 3 `communication-support` are one adjustment category; STU3 and
 * Gen 2 `5` and Gen 3 `learning` are one impairment. Every `…From(system, code)` answers the Gen 3
 * meaning, or `undefined` when the pair is not a code raflag recognises; none of them throws.
 */
import { codeSystem } from './code-systems.js';
import { adjustmentCategories } from './terminology.generated.js';

type SystemCodeIndex<T> = ReadonlyMap<string, ReadonlyMap<string, T>>;

function indexBySystem<T>(entries: Iterable<readonly [system: string, code: string, value: T]>): SystemCodeIndex<T> {
  const index = new Map<string, Map<string, T>>();
  for (const [system, code, value] of entries) {
    let codes = index.get(system);
    if (codes === undefined) index.set(system, (codes = new Map()));
    codes.set(code, value);
  }
  return index;
}

function lookUp<T>(index: SystemCodeIndex<T>, system: string, code: string): T | undefined {
  if (typeof system !== 'string' || typeof code !== 'string') return undefined;
  return index.get(system)?.get(code);
}

// --- Adjustment categories ---------------------------------------------------------------------

export type AdjustmentCategorySlug = (typeof adjustmentCategories)[number]['slug'];

/** The 11 Gen 3 category slugs in national order (001 … 011). */
export const adjustmentCategorySlugs: readonly AdjustmentCategorySlug[] = adjustmentCategories.map((c) => c.slug);

/** How the Gen 3 ValueSet England-FlagCategoryProgramme spells `community-language-support`. */
export const misspeltCommunityLanguageSupport = 'communitiy-language-support';

export interface AdjustmentCategoryCodes {
  /** STU3 v3.0.0 and Gen 2 RA-FlagCategory code, `001` … `011`. */
  readonly stu3: string;
  /** STU3 v2.0.0 (2022) code, `1` … `11`. */
  readonly numeric: string;
  readonly slug: AdjustmentCategorySlug;
}

const categoryCodes: ReadonlyMap<AdjustmentCategorySlug, AdjustmentCategoryCodes> = new Map(
  adjustmentCategories.map((c) => [c.slug, { stu3: c.stu3Code, numeric: c.numeric, slug: c.slug }]),
);

const categoryIndex = indexBySystem<AdjustmentCategorySlug>([
  ...adjustmentCategories.flatMap((c) => [
    [codeSystem.stu3AdjustmentCategory, c.stu3Code, c.slug] as const,
    [codeSystem.stu3AdjustmentCategory, c.numeric, c.slug] as const,
    [codeSystem.raFlagCategory, c.stu3Code, c.slug] as const,
    [codeSystem.raAdjustmentCategory, c.stu3Code, c.slug] as const,
    [codeSystem.flagCategoryRA, c.slug, c.slug] as const,
  ]),
  // Payloads built from the broken Gen 3 ValueSet carry the misspelt slug; read it as what it meant.
  [codeSystem.flagCategoryRA, misspeltCommunityLanguageSupport, 'community-language-support'],
]);

/**
 * The Gen 3 category for a category coding of any generation: STU3 `1`…`11` or `001`…`011`, Gen 2
 * `001`…`011` (also under its February 2024 name RA-AdjustmentCategory), Gen 3 slugs (and the misspelt one).
 */
export function adjustmentCategoryFrom(system: string, code: string): AdjustmentCategorySlug | undefined {
  return lookUp(categoryIndex, system, code);
}

/** The category's code in each generation; its display is `displayOf(codeSystem.flagCategoryRA, slug)`. */
export function adjustmentCategoryCodes(slug: AdjustmentCategorySlug): AdjustmentCategoryCodes {
  // Every slug of the type is in the table, so the fallback is never taken; it keeps the type total.
  return categoryCodes.get(slug) ?? { stu3: '', numeric: '', slug };
}

// --- Impairments -------------------------------------------------------------------------------

const impairmentTable = [
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
  // There has never been an 11 (domain.md §7 item 8).
  ['12', 'patient-would-prefer-not-to-say'],
] as const;

export type ImpairmentSlug = (typeof impairmentTable)[number][1];

export const impairmentSlugs: readonly ImpairmentSlug[] = impairmentTable.map(([, slug]) => slug);

export interface ImpairmentCodes {
  /** STU3 RARecord-ConditionCode-1 and Gen 2 RA-ConditionCode code. */
  readonly numeric: string;
  readonly slug: ImpairmentSlug;
}

const impairmentIndex = indexBySystem<ImpairmentSlug>(
  impairmentTable.flatMap(([numeric, slug]) => [
    [codeSystem.stu3ConditionCode, numeric, slug] as const,
    [codeSystem.raConditionCode, numeric, slug] as const,
    [codeSystem.conditionCodeRA, slug, slug] as const,
  ]),
);

const impairmentNumeric: ReadonlyMap<ImpairmentSlug, string> = new Map(impairmentTable.map(([n, s]) => [s, n]));

/** The Gen 3 impairment for `1`…`10`, `12` (STU3 RARecord-ConditionCode-1, Gen 2 RA-ConditionCode) or a Gen 3 slug. */
export function impairmentFrom(system: string, code: string): ImpairmentSlug | undefined {
  return lookUp(impairmentIndex, system, code);
}

export function impairmentCodes(slug: ImpairmentSlug): ImpairmentCodes {
  return { numeric: impairmentNumeric.get(slug) ?? '', slug };
}

// --- Flag type ---------------------------------------------------------------------------------

export type FlagType = 'national-reasonable-adjustment-flag';
export type PatientFlagTypeSlug = FlagType | 'female-genital-mutilation-flag' | 'child-protection-information-system-flag';

const flagTypeTable = [
  ['NRAF', 'national-reasonable-adjustment-flag'],
  ['FGM', 'female-genital-mutilation-flag'],
  ['CP-IS', 'child-protection-information-system-flag'],
] as const satisfies readonly (readonly [string, PatientFlagTypeSlug])[];

export const patientFlagTypeSlugs: readonly PatientFlagTypeSlug[] = flagTypeTable.map(([, slug]) => slug);

export interface PatientFlagTypeCodes {
  /** Gen 2 PatientFlagCategory code (`NRAF`, `FGM`, `CP-IS`); STU3 knows only `NRAF`. */
  readonly gen2: (typeof flagTypeTable)[number][0];
  readonly slug: PatientFlagTypeSlug;
}

const flagTypeIndex = indexBySystem<PatientFlagTypeSlug>([
  [codeSystem.stu3FlagCategory, 'NRAF', 'national-reasonable-adjustment-flag'],
  // In February 2024 RA-FlagCategory held only NRAF (domain.md §7 item 2); NRAF never clashes with 001–011.
  [codeSystem.raFlagCategory, 'NRAF', 'national-reasonable-adjustment-flag'],
  ...flagTypeTable.map(([gen2, slug]) => [codeSystem.patientFlagCategory, gen2, slug] as const),
  ...flagTypeTable.map(([, slug]) => [codeSystem.flagCategoryPatient, slug, slug] as const),
]);

const flagTypeGen2: ReadonlyMap<PatientFlagTypeSlug, PatientFlagTypeCodes['gen2']> = new Map(
  flagTypeTable.map(([gen2, slug]) => [slug, gen2]),
);

/** The Gen 3 flag type for `NRAF` (STU3 RARecord-FlagCategory-1, Gen 2 PatientFlagCategory), `FGM`, `CP-IS` or a Gen 3 slug. */
export function flagTypeFrom(system: string, code: string): PatientFlagTypeSlug | undefined {
  return lookUp(flagTypeIndex, system, code);
}

export function flagTypeCodes(slug: PatientFlagTypeSlug): PatientFlagTypeCodes {
  return { gen2: flagTypeGen2.get(slug) ?? 'NRAF', slug };
}

// --- Consent: who consented --------------------------------------------------------------------

const consentBasisTable = [
  ['001', 'patient'],
  ['002', 'best-interest'],
  ['003', 'lasting-power-of-attorney'],
  ['004', 'other-representative'],
] as const;

/** Who gave consent: the patient, a Mental Capacity Act best-interest decision, an LPA or deputy, another representative. */
export type ConsentBasis = (typeof consentBasisTable)[number][1];

export const consentBases: readonly ConsentBasis[] = consentBasisTable.map(([, basis]) => basis);

const consentBasisIndex = indexBySystem<ConsentBasis>(
  consentBasisTable.flatMap(([code, basis]) => [
    [codeSystem.stu3ProxyRole, code, basis] as const,
    [codeSystem.flagProxyRole, code, basis] as const,
    [codeSystem.raProxyRole, code, basis] as const,
  ]),
);

const proxyRoleCodes: ReadonlyMap<ConsentBasis, string> = new Map(consentBasisTable.map(([code, basis]) => [basis, code]));

/** The consent basis for a proxy-role coding (STU3 RARecord-ProxyRole-1, Gen 2 FlagProxyRole or its earlier name RA-ProxyRole). */
export function consentBasisFrom(system: string, code: string): ConsentBasis | undefined {
  return lookUp(consentBasisIndex, system, code);
}

/** The FlagProxyRole / RARecord-ProxyRole-1 code, `001` … `004`. */
export function proxyRoleCode(basis: ConsentBasis): string {
  return proxyRoleCodes.get(basis) ?? '';
}

// --- Consent: its state ------------------------------------------------------------------------

const consentStateTable = [
  ['RACONSENT', 'given'],
  ['RADISSENT', 'refused'],
  ['RAREVOKED', 'withdrawn'],
] as const;

export type ConsentState = (typeof consentStateTable)[number][1];

export const consentStates: readonly ConsentState[] = consentStateTable.map(([, state]) => state);

const consentStateIndex = indexBySystem<ConsentState>([
  // The STU3 code system has only RACONSENT: withdrawal there is a status change, not a purpose.
  [codeSystem.stu3ConsentPurpose, 'RACONSENT', 'given'],
  ...consentStateTable.map(([code, state]) => [codeSystem.raConsentPurpose, code, state] as const),
]);

const consentPurposeCodes: ReadonlyMap<ConsentState, string> = new Map(
  consentStateTable.map(([code, state]) => [state, code]),
);

/** The consent state for a purpose coding (STU3 RARecord-ConsentPurpose-1, Gen 2 RA-ConsentPurpose). */
export function consentStateFrom(system: string, code: string): ConsentState | undefined {
  return lookUp(consentStateIndex, system, code);
}

/** The RA-ConsentPurpose code: RACONSENT, RADISSENT or RAREVOKED. */
export function consentPurposeCode(state: ConsentState): string {
  return consentPurposeCodes.get(state) ?? '';
}

// --- Condition category ------------------------------------------------------------------------

export const conditionCategorySlugs = [
  'problem-list-item',
  'encounter-diagnosis',
  'presenting-complaint',
  'co-morbidity',
  'issue',
] as const;

export type ConditionCategorySlug = (typeof conditionCategorySlugs)[number];

const conditionCategoryIndex = indexBySystem<ConditionCategorySlug>([
  ...conditionCategorySlugs.map((slug) => [codeSystem.conditionCategoryRA, slug, slug] as const),
  ...conditionCategorySlugs.map((slug) => [codeSystem.raConditionCategory, slug, slug] as const),
  // CareConnect's own codes (complaint, problem, diagnosis …) only resemble the R4 ones; the STU3 RA
  // Condition profile fixes `issue`, so that is the one code with a certain counterpart.
  [codeSystem.careConnectConditionCategory, 'issue', 'issue'],
]);

/** The condition category for a Gen 3 England-ConditionCategoryRA, Gen 2 RA-ConditionCategory or STU3 CareConnect `issue` coding. */
export function conditionCategoryFrom(system: string, code: string): ConditionCategorySlug | undefined {
  return lookUp(conditionCategoryIndex, system, code);
}
