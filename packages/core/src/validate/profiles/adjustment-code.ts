import { SNOMED } from '../../canonical.js';
import {
  adjustmentCategoryFrom,
  isAdjustmentCode,
  isR4AdjustmentCode,
  snomedConcept,
  type AdjustmentCategorySlug,
} from '../../terminology/index.js';
import { isObject, textMissing, wellFormedCodings, type CodingAt, type JsonObject } from '../json-read.js';
import type { SlicedCategory } from './category-slices.js';
import { checkDisplay, lookupSystem } from './coded.js';
import type { Report } from './profile-report.js';

const BESPOKE: AdjustmentCategorySlug = 'bespoke-reasonable-adjustments';

function requireBespokeText(concept: JsonObject, codePath: string, report: Report): void {
  if (textMissing(concept.text)) report('profile.bespoke-text-required', `${codePath}.text`);
}

/**
 * An adjustment's SNOMED CT `code` must come from the national list of the adjustment category it
 * is filed under (England-FlagCodeRA split by category); a bespoke adjustment says what it is in
 * `code.text`. Skipped when the category itself was invalid: that has been reported already, and
 * without a category there is nothing to hold the code to.
 */
export function checkAdjustmentCode(
  resource: JsonObject,
  path: string,
  programme: readonly SlicedCategory[],
  profileName: string,
  report: Report,
): void {
  // The categories it is filed under, and the position of the first (where a wrong code is said to miss).
  let slugs: AdjustmentCategorySlug[] | undefined;
  let firstIndex = -1;
  for (const { valid, index } of programme) {
    const slug = valid?.code === undefined ? undefined : adjustmentCategoryFrom(lookupSystem(valid.system) ?? '', valid.code);
    if (slug === undefined) continue;
    if (slugs === undefined) {
      slugs = [];
      firstIndex = index;
    }
    slugs.push(slug);
  }
  const concept = resource.code;
  if (slugs === undefined || !isObject(concept)) return;

  const codePath = `${path}.code`;
  const codings = wellFormedCodings(concept, codePath);
  if (codings === undefined) return;
  const bespoke = slugs.includes(BESPOKE);
  let coded: CodingAt | undefined;
  let snomed: CodingAt | undefined;
  let match: CodingAt | undefined;
  for (const c of codings) {
    if (c.code === undefined) continue;
    coded ??= c;
    if (lookupSystem(c.system) !== SNOMED) continue;
    snomed ??= c;
    if (isR4AdjustmentCode(c.code) && filedUnder(c.code, slugs)) {
      match = c;
      break;
    }
  }
  if (match) {
    checkDisplay(match, report);
    if (bespoke && match.code === snomedConcept.bespokeAdjustment) requireBespokeText(concept, codePath, report);
  } else if (snomed) {
    report('profile.code-not-for-category', `${snomed.path}.code`, { index: firstIndex });
  } else if (coded) {
    report('profile.code-wrong-system', `${coded.path}.system`, { expected: SNOMED });
  } else if (codings[0]) {
    report('profile.element-missing', `${codings[0].path}.code`, { element: 'code.coding.code', profileName });
  } else if (bespoke) {
    requireBespokeText(concept, codePath, report);
  } else {
    report('profile.element-missing', `${codePath}.coding`, { element: 'code.coding', profileName });
  }
}

/** Whether a SNOMED CT code is on the national list of any of the categories. */
function filedUnder(code: string, slugs: readonly AdjustmentCategorySlug[]): boolean {
  for (const slug of slugs) if (isAdjustmentCode(code, slug)) return true;
  return false;
}
