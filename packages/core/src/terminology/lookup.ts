/**
 * Displays and adjustment lookups over the shipped terminology, indexed once at module load.
 */
import { codeSystem } from './code-systems.js';
import type { AdjustmentCategorySlug } from './generations.js';
import { otherSnomedDisplays } from './snomed-concepts.js';
import {
  adjustmentCategories,
  nationalCodeSystems,
  provenanceRoles,
  type AdjustmentCodeRow,
} from './terminology.generated.js';

/** One SNOMED CT adjustment row of a category. */
export type AdjustmentCode = AdjustmentCodeRow;

function addDisplay(index: Map<string, Map<string, string>>, system: string, code: string, display: string): void {
  // The STU3 removal-reason displays start with a space in the source (domain.md §7 item 7), and HL7
  // role codes come without displays: neither should ever be emitted as is.
  const text = display.trim();
  if (text === '') return;
  let codes = index.get(system);
  if (codes === undefined) index.set(system, (codes = new Map()));
  if (!codes.has(code)) codes.set(code, text);
}

const displays = new Map<string, Map<string, string>>();
for (const cs of nationalCodeSystems) for (const c of cs.concepts) addDisplay(displays, cs.url, c.code, c.display);
for (const cat of adjustmentCategories) for (const row of cat.codes) addDisplay(displays, row.system, row.code, row.display);
for (const [code, display] of otherSnomedDisplays) addDisplay(displays, codeSystem.snomed, code, display);
for (const role of provenanceRoles) {
  addDisplay(displays, role.system, role.code, role.display);
  if (role.system === codeSystem.careConnectSdsJobRoleName) {
    addDisplay(displays, codeSystem.sdsJobRoleName, role.code, role.display);
  }
}

/** The display raflag emits for a code, trimmed; undefined when the code is unknown or has no display. */
export function displayOf(system: string, code: string): string | undefined {
  if (typeof system !== 'string' || typeof code !== 'string') return undefined;
  return displays.get(system)?.get(code);
}

const categoriesByCode = new Map<string, AdjustmentCategorySlug[]>();
const r4AdjustmentCodes = new Set<string>();
for (const cat of adjustmentCategories) {
  for (const row of cat.codes) {
    const list = categoriesByCode.get(row.code) ?? [];
    if (!list.includes(cat.slug)) list.push(cat.slug);
    categoriesByCode.set(row.code, list);
    if (row.inR4RAFlagCode) r4AdjustmentCodes.add(row.code);
  }
}

const codesByCategory: ReadonlyMap<string, readonly AdjustmentCode[]> = new Map(
  adjustmentCategories.map((c) => [c.slug, c.codes] as const),
);

/** Every category whose list holds this SNOMED CT code, in national order (nine codes sit in two). */
export function categoriesOfAdjustment(snomedCode: string): readonly AdjustmentCategorySlug[] {
  if (typeof snomedCode !== 'string') return [];
  return categoriesByCode.get(snomedCode) ?? [];
}

/**
 * Whether the SNOMED CT code is a national adjustment (in the given category, if one is named).
 * This is the STU3 list of 348 rows; use `isR4AdjustmentCode` for the R4 lists, which lack Latin.
 */
export function isAdjustmentCode(snomedCode: string, category?: AdjustmentCategorySlug): boolean {
  const categories = categoriesOfAdjustment(snomedCode);
  return category === undefined ? categories.length > 0 : categories.includes(category);
}

/** Whether the SNOMED CT code is in the R4 adjustment lists (RA-FlagCode, England-FlagCodeRA). */
export function isR4AdjustmentCode(snomedCode: string): boolean {
  return typeof snomedCode === 'string' && r4AdjustmentCodes.has(snomedCode);
}

/** The adjustments of one category in national order. */
export function adjustmentCodes(category: AdjustmentCategorySlug): readonly AdjustmentCode[] {
  return codesByCategory.get(category) ?? [];
}

const roles = new Map<string, Set<string>>();
function addRole(system: string, code: string): void {
  let codes = roles.get(system);
  if (codes === undefined) roles.set(system, (codes = new Set()));
  codes.add(code);
}
for (const role of provenanceRoles) {
  addRole(role.system, role.code);
  // Gen 3 names the SDS roles under its own URL; the codes are the same SDS job roles.
  if (role.system === codeSystem.careConnectSdsJobRoleName) addRole(codeSystem.sdsJobRoleName, role.code);
}

/** Whether `system|code` is a Provenance agent role of the national role value sets. */
export function isProvenanceRole(system: string, code: string): boolean {
  if (typeof system !== 'string' || typeof code !== 'string') return false;
  return roles.get(system)?.has(code) ?? false;
}
