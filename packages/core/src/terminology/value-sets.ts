/**
 * Membership of every national value set raflag checks, as Sets built once when the module loads,
 * so a binding check is two Map lookups and a Set lookup.
 *
 * These are raflag's own expansions, not the national composes (domain.md §7 item 19): the composes
 * of ProgrammeFlagCode and England-FlagCodeProgramme name ValueSets as systems, England-FlagCategoryProgramme
 * misspells `communitiy-language-support` (the code system, and so this membership, has
 * `community-language-support`), and FlagConsentPurpose lacks RADISSENT and RAREVOKED, which the RA
 * consent needs. The SNOMED CT system must be exactly `http://snomed.info/sct`.
 */
import { codeSystem, valueSet } from './code-systems.js';
import { snomedConcept } from './snomed-concepts.js';
import { adjustmentCategories, nationalCodeSystems, provenanceRoles } from './terminology.generated.js';

interface Include {
  readonly system: string;
  readonly codes: readonly string[];
}

function allCodesOf(system: string): Include {
  const cs = nationalCodeSystems.find((c) => c.url === system);
  return { system, codes: cs ? cs.concepts.map((c) => c.code) : [] };
}

function codes(system: string, ...list: string[]): Include {
  return { system, codes: list };
}

const adjustmentRows = adjustmentCategories.flatMap((c) => c.codes);
const r4AdjustmentCodes = codes(codeSystem.snomed, ...adjustmentRows.filter((r) => r.inR4RAFlagCode).map((r) => r.code));
const stu3AdjustmentCodes = codes(codeSystem.snomed, ...adjustmentRows.map((r) => r.code));
const fgmFlagCode = codes(codeSystem.snomed, snomedConcept.familyHistoryOfFgm);
const cpisFlagCode = codes(codeSystem.snomed, snomedConcept.childProtectionFinding);

function rolesBySystem(): Include[] {
  const bySystem = new Map<string, string[]>();
  for (const role of provenanceRoles) {
    const list = bySystem.get(role.system) ?? [];
    list.push(role.code);
    bySystem.set(role.system, list);
  }
  return [...bySystem].map(([system, list]) => ({ system, codes: list }));
}

const provenanceRoleIncludes = rolesBySystem();
const sdsRoleCodes = provenanceRoleIncludes.find((i) => i.system === codeSystem.careConnectSdsJobRoleName)?.codes ?? [];

const definitions: ReadonlyArray<readonly [url: string, include: readonly Include[]]> = [
  // --- Gen 3 ---
  [valueSet.englandFlagCategoryPatient, [allCodesOf(codeSystem.flagCategoryPatient)]],
  [
    valueSet.englandFlagCategoryProgramme,
    [allCodesOf(codeSystem.flagCategoryRA), codes(codeSystem.flagCategoryFGM, 'example-fgm-category')],
  ],
  [valueSet.englandFlagCodeRA, [r4AdjustmentCodes]],
  [valueSet.englandFlagCodeFGM, [fgmFlagCode]],
  [valueSet.englandFlagCodeProgramme, [codes(codeSystem.snomed, ...r4AdjustmentCodes.codes, ...fgmFlagCode.codes)]],
  [
    valueSet.englandFlagConditionCategory,
    [allCodesOf(codeSystem.conditionCategoryRA), codes(codeSystem.conditionCategoryFGM, 'fgm-example-condition-category')],
  ],
  [valueSet.englandFlagConditionCode, [allCodesOf(codeSystem.conditionCodeRA), codes(codeSystem.conditionCodeFGM, '1')]],
  // The national VS composes England-SDSJobRoleName, but every example of every generation writes the
  // CareConnect SDS URL, so both spellings of the SDS roles are members.
  [
    valueSet.englandFlagProvenanceRole,
    [...provenanceRoleIncludes, { system: codeSystem.sdsJobRoleName, codes: sdsRoleCodes }],
  ],
  [valueSet.englandFlagRemovalReason, [allCodesOf(codeSystem.fgmRemovalReason)]],

  // --- Gen 2 ---
  [valueSet.patientFlagCategory, [allCodesOf(codeSystem.patientFlagCategory)]],
  [
    valueSet.programmeFlagCategory,
    [allCodesOf(codeSystem.raFlagCategory), allCodesOf(codeSystem.cpisFlagCategory), allCodesOf(codeSystem.fgmFlagCategory)],
  ],
  [valueSet.raFlagCode, [r4AdjustmentCodes]],
  [valueSet.cpisFlagCode, [cpisFlagCode]],
  [valueSet.fgmFlagCode, [fgmFlagCode]],
  [valueSet.programmeFlagCode, [codes(codeSystem.snomed, ...r4AdjustmentCodes.codes, ...cpisFlagCode.codes, ...fgmFlagCode.codes)]],
  [
    valueSet.flagConditionCategory,
    [
      allCodesOf(codeSystem.raConditionCategory),
      allCodesOf(codeSystem.cpisConditionCategory),
      allCodesOf(codeSystem.fgmConditionCategory),
    ],
  ],
  [
    valueSet.flagConditionCode,
    [allCodesOf(codeSystem.raConditionCode), allCodesOf(codeSystem.cpisConditionCode), allCodesOf(codeSystem.fgmConditionCode)],
  ],
  [
    valueSet.flagConsentPurpose,
    [allCodesOf(codeSystem.raConsentPurpose), allCodesOf(codeSystem.cpisConsentPurpose), allCodesOf(codeSystem.fgmConsentPurpose)],
  ],
  [valueSet.flagProxyRole, [allCodesOf(codeSystem.flagProxyRole)]],
  [valueSet.flagProvenanceRole, provenanceRoleIncludes],

  // --- Gen 1 (STU3) ---
  [valueSet.stu3FlagCategory, [allCodesOf(codeSystem.stu3FlagCategory)]],
  [valueSet.stu3AdjustmentCategory, [allCodesOf(codeSystem.stu3AdjustmentCategory)]],
  [valueSet.stu3FlagCode, [stu3AdjustmentCodes]],
  ...adjustmentCategories.map(
    (c) => [c.stu3ValueSet, [codes(codeSystem.snomed, ...c.codes.map((r) => r.code))]] as const,
  ),
  [valueSet.stu3ConditionCode, [allCodesOf(codeSystem.stu3ConditionCode)]],
  [valueSet.stu3ConsentPurpose, [allCodesOf(codeSystem.stu3ConsentPurpose)]],
  [valueSet.stu3ProxyRole, [allCodesOf(codeSystem.stu3ProxyRole)]],
  [
    valueSet.stu3RemovalReason,
    [
      allCodesOf(codeSystem.stu3RemovalReasonEntireRecord),
      allCodesOf(codeSystem.stu3RemovalReasonIndividualAdjustment),
      allCodesOf(codeSystem.stu3RemovalReasonIndividualImpairment),
      allCodesOf(codeSystem.stu3RemovalReasonUnderlyingCondition),
    ],
  ],
  [valueSet.stu3ProvenanceRole, provenanceRoleIncludes],
  [valueSet.stu3SpineErrorOrWarningCode, [allCodesOf(codeSystem.stu3SpineErrorOrWarningCode)]],
  [valueSet.careConnectConditionCategory, [allCodesOf(codeSystem.careConnectConditionCategory)]],
  [valueSet.careConnectListCode, [codes(codeSystem.snomed, snomedConcept.diagnosesList, snomedConcept.reasonableAdjustmentsList)]],
];

const membership: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>> = new Map(
  definitions.map(([url, include]) => {
    const bySystem = new Map<string, Set<string>>();
    for (const { system, codes: list } of include) {
      const set = bySystem.get(system) ?? new Set<string>();
      for (const code of list) set.add(code);
      bySystem.set(system, set);
    }
    return [url, bySystem] as const;
  }),
);

const systemsOf: ReadonlyMap<string, readonly string[]> = new Map(
  [...membership].map(([url, bySystem]) => [url, Object.freeze([...bySystem.keys()])] as const),
);

/** A canonical may carry `|version`; membership does not depend on it. */
function withoutVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

/**
 * The entry for a value set URL, with or without `|version`. No known URL holds a `|`, so an exact
 * hit (the common case) is answered without scanning the URL for one.
 */
function byValueSet<T>(index: ReadonlyMap<string, T>, url: string): T | undefined {
  return index.get(url) ?? index.get(withoutVersion(url));
}

/** Every value set URL `isInValueSet` can answer for. */
export const knownValueSetUrls: readonly string[] = [...membership.keys()];

export function knownValueSet(url: string): boolean {
  return typeof url === 'string' && membership.has(withoutVersion(url));
}

/** Whether `system|code` is a member; false for an unknown value set or a near-miss system such as `https://snomed.info/sct`. */
export function isInValueSet(valueSetUrl: string, system: string, code: string): boolean {
  if (typeof valueSetUrl !== 'string' || typeof system !== 'string' || typeof code !== 'string') return false;
  return byValueSet(membership, valueSetUrl)?.get(system)?.has(code) ?? false;
}

/** The code systems a value set draws on (empty for an unknown one): what a category slice is told apart by. */
export function valueSetSystems(url: string): readonly string[] {
  if (typeof url !== 'string') return [];
  return byValueSet(systemsOf, url) ?? [];
}

/** Every member of a value set (empty for an unknown one), for pick lists and for tests; built on each call. */
export function valueSetExpansion(url: string): readonly { readonly system: string; readonly code: string }[] {
  if (typeof url !== 'string') return [];
  const bySystem = membership.get(withoutVersion(url));
  if (bySystem === undefined) return [];
  return [...bySystem].flatMap(([system, set]) => [...set].map((code) => ({ system, code })));
}
