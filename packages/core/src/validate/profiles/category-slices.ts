import { codeSystem, valueSet, valueSetSystems } from '../../terminology/index.js';
import { isObject, wellFormedCodings, type CodingAt, type JsonObject } from '../json-read.js';
import { checkCodings, lookupSystem, type Binding } from './coded.js';
import type { Report } from './profile-report.js';

/**
 * A category slice told apart by the code systems of its value set (domain.md §7 item 18: the
 * national slices use pattern discriminators with no patterns, so a generic slicer cannot evaluate
 * them). A category whose codings use a system of another generation for the same idea belongs to
 * the slice too, so that it is reported once as the wrong system rather than as a missing category.
 */
export interface CategorySlice {
  readonly valueSet: string;
  readonly foreign: ReadonlyMap<string, string>;
  /** Every slice binds its value set as required. */
  readonly binding: Binding;
  /** The value set's own systems and the foreign ones: a category with a coding in any belongs here. */
  readonly systems: ReadonlySet<string>;
}

function slice(vs: string, wanted: string, foreign: readonly string[]): CategorySlice {
  const systems = new Map(foreign.map((system) => [system, wanted]));
  return {
    valueSet: vs,
    foreign: systems,
    binding: { valueSet: vs, strength: 'required', foreign: systems },
    systems: new Set([...valueSetSystems(vs), ...foreign]),
  };
}

export const gen3PatientFlagSlice = slice(valueSet.englandFlagCategoryPatient, codeSystem.flagCategoryPatient, [
  codeSystem.patientFlagCategory,
  codeSystem.stu3FlagCategory,
]);
export const gen3ProgrammeSlice = slice(valueSet.englandFlagCategoryProgramme, codeSystem.flagCategoryRA, [
  codeSystem.raFlagCategory,
  codeSystem.raAdjustmentCategory,
  codeSystem.stu3AdjustmentCategory,
]);
export const gen3ConditionCategorySlice = slice(valueSet.englandFlagConditionCategory, codeSystem.conditionCategoryRA, [
  codeSystem.raConditionCategory,
  codeSystem.careConnectConditionCategory,
]);
export const gen2PatientFlagSlice = slice(valueSet.patientFlagCategory, codeSystem.patientFlagCategory, [
  codeSystem.flagCategoryPatient,
  codeSystem.stu3FlagCategory,
]);
export const gen2ProgrammeSlice = slice(valueSet.programmeFlagCategory, codeSystem.raFlagCategory, [
  codeSystem.flagCategoryRA,
  codeSystem.raAdjustmentCategory,
  codeSystem.stu3AdjustmentCategory,
]);
export const gen2ConditionCategorySlice = slice(valueSet.flagConditionCategory, codeSystem.raConditionCategory, [
  codeSystem.conditionCategoryRA,
  codeSystem.careConnectConditionCategory,
]);

function belongsTo(codings: readonly CodingAt[], s: CategorySlice): boolean {
  for (const c of codings) {
    const system = lookupSystem(c.system);
    if (system !== undefined && s.systems.has(system)) return true;
  }
  return false;
}

/** The first slice a category's codings belong to, or -1. */
function sliceOf(codings: readonly CodingAt[], slices: readonly CategorySlice[]): number {
  for (let i = 0; i < slices.length; i++) if (belongsTo(codings, slices[i] as CategorySlice)) return i;
  return -1;
}

const NO_MEMBERS: readonly SlicedCategory[] = [];
const noMembers = (): readonly SlicedCategory[] => NO_MEMBERS;

export interface SlicedCategory {
  readonly index: number;
  readonly category: JsonObject;
  /** The coding that satisfied the slice's binding; undefined when it was reported. */
  readonly valid: CodingAt | undefined;
}

export interface CategoryRules {
  readonly slices: readonly CategorySlice[];
  /** Slices that must be present (Gen 3 adjustment, every Gen 2 slice). */
  readonly required: boolean;
  /** Whether a slice may repeat (Gen 2 slices are 1..*, Gen 3 ones 0..1). */
  readonly repeatable: boolean;
  /** Most categories the profile allows (England-Condition-Flag: 2); those past it are reported once. */
  readonly max?: number;
  readonly profileName: string;
}

/**
 * Sorts `category` into the slices, checks each member's binding (required) and reports missing
 * and repeated slices. Categories of other systems are allowed: the slicing is open. Answers the
 * members of each slice, in slice order.
 */
export function checkCategories(
  resource: JsonObject,
  path: string,
  rules: CategoryRules,
  report: Report,
): (readonly SlicedCategory[])[] {
  const { slices } = rules;
  // Arrays are sized up front and slices given a list only when they have a member: a category
  // check runs for every RA resource, and growing small arrays costs more than the check.
  const found = slices.map(noMembers);
  const categories = resource.category;
  if (categories === undefined) {
    if (rules.required) {
      report('profile.element-missing', `${path}.category`, { element: 'category', profileName: rules.profileName });
    }
    return found;
  }
  if (!Array.isArray(categories) || categories.length === 0) return found;
  // A category of the wrong shape anywhere is the base rules' to report; judging the others would
  // then call the slice it was meant to fill missing.
  const read = new Array<ReadCategory | undefined>(categories.length);
  let wellFormed = true;
  for (let index = 0; index < categories.length; index++) {
    const value: unknown = categories[index];
    const at = `${path}.category[${index}]`;
    const codings = wellFormedCodings(value, at);
    if (isObject(value) && codings !== undefined) read[index] = { value, index, at, codings };
    // A hole in a sparse array (never in parsed JSON) is passed over, not judged.
    else if (index in categories) wellFormed = false;
  }
  const { max } = rules;
  if (max !== undefined && categories.length > max) {
    report('profile.too-many', `${path}.category[${max}]`, {
      element: 'category',
      max,
      count: categories.length,
      profileName: rules.profileName,
    });
  }
  if (!wellFormed) return found;
  for (const item of read) {
    if (item === undefined) continue;
    const { value, index, at, codings } = item;
    if (max !== undefined && index >= max) break;
    const sliceIndex = sliceOf(codings, slices);
    const s = slices[sliceIndex];
    const members = found[sliceIndex];
    if (s === undefined || members === undefined) continue;
    if (members.length > 0 && !rules.repeatable) {
      report('profile.category-repeated', at, { valueSet: s.valueSet });
      continue;
    }
    const member: SlicedCategory = { index, category: value, valid: checkCodings(codings, at, s.binding, report) };
    found[sliceIndex] = members.length === 0 ? [member] : [...members, member];
  }
  if (rules.required) {
    for (let i = 0; i < slices.length; i++) {
      if (found[i]?.length === 0) report('profile.category-missing', `${path}.category`, { valueSet: slices[i]?.valueSet ?? '' });
    }
  }
  return found;
}

interface ReadCategory {
  readonly value: JsonObject;
  readonly index: number;
  readonly at: string;
  readonly codings: readonly CodingAt[];
}
