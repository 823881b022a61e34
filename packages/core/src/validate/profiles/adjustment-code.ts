import { SNOMED } from '../../canonical.js';
import {
  adjustmentCategoryFrom,
  isAdjustmentCode,
  isR4AdjustmentCode,
  snomedConcept,
  type AdjustmentCategorySlug,
} from '../../terminology/index.js';
import { isObject, textMissing, wellFormedCodings, type JsonObject } from '../json-read.js';
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
  const filed = programme.flatMap(({ valid, index }) => {
    const slug = valid?.code === undefined ? undefined : adjustmentCategoryFrom(lookupSystem(valid.system) ?? '', valid.code);
    return slug === undefined ? [] : [{ slug, index }];
  });
  const first = filed[0];
  const concept = resource.code;
  if (first === undefined || !isObject(concept)) return;

  const codePath = `${path}.code`;
  const codings = wellFormedCodings(concept, codePath);
  if (codings === undefined) return;
  const bespoke = filed.some((f) => f.slug === BESPOKE);
  const coded = codings.filter((c) => c.code !== undefined);
  const snomed = coded.filter((c) => lookupSystem(c.system) === SNOMED);
  const match = snomed.find(
    (c) => c.code !== undefined && isR4AdjustmentCode(c.code) && filed.some((f) => isAdjustmentCode(c.code ?? '', f.slug)),
  );
  if (match) {
    checkDisplay(match, report);
    if (bespoke && match.code === snomedConcept.bespokeAdjustment) requireBespokeText(concept, codePath, report);
  } else if (snomed[0]) {
    report('profile.code-not-for-category', `${snomed[0].path}.code`, { index: first.index });
  } else if (coded[0]) {
    report('profile.code-wrong-system', `${coded[0].path}.system`, { expected: SNOMED });
  } else if (codings[0]) {
    report('profile.element-missing', `${codings[0].path}.code`, { element: 'code.coding.code', profileName });
  } else if (bespoke) {
    requireBespokeText(concept, codePath, report);
  } else {
    report('profile.element-missing', `${codePath}.coding`, { element: 'code.coding', profileName });
  }
}
