import type { Flag, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import { gen3Extension, gen3Profile, SNOMED } from '../canonical.js';
import { adjustmentSchema, BESPOKE_CATEGORY, isBespoke, type Adjustment } from '../model/adjustment.js';
import { compact } from '../model/compact.js';
import { makeIssue } from '../outcome/issue.js';
import { adjustmentCategoryFrom, codeSystem, flagTypeFrom, isAdjustmentCode, isR4AdjustmentCode, snomedConcept } from '../terminology/index.js';
import { coding, concept, firstMatch, readCategories, readCodings } from './codings.js';
import { annotationText, isCurrent, readExtensions, reportUnmapped } from './elements.js';
import { checkedItem } from './item-check.js';
import { isObject, type JsonObject } from './json.js';
import { provenanceFor, readProvenance } from './provenance.js';
import { raFlagTypeConcept, unreadable } from './ra-codes.js';

export const notesExtension = (text: string) => ({ url: gen3Extension.flagNotes, valueAnnotation: { text } });

/** One adjustment as an England-Flag-PatientFlag-Adjustment about the given patient. */
export function adjustmentToFlag(adjustment: Adjustment, patientRef: Reference): Flag {
  const code = isBespoke(adjustment)
    ? { coding: [coding(SNOMED, snomedConcept.bespokeAdjustment)], text: adjustment.description }
    : concept(SNOMED, adjustment.code);
  return compact<Flag>({
    resourceType: 'Flag',
    id: adjustment.id,
    meta: { profile: [gen3Profile.adjustment] },
    contained: [provenanceFor(adjustment.recorded)],
    extension: adjustment.notes === undefined ? undefined : [notesExtension(adjustment.notes)],
    status: 'active',
    category: [raFlagTypeConcept(), concept(codeSystem.flagCategoryRA, adjustment.category)],
    code,
    subject: patientRef,
  });
}

const KNOWN = ['contained', 'extension', 'status', 'category', 'code', 'subject'];

/**
 * An adjustment from a Gen 3 England-Flag-PatientFlag-Adjustment or a Gen 2 ProgrammeFlag (category
 * 001–011). The caller has already seen that the Flag is a reasonable-adjustment detail.
 */
export function flagToAdjustment(flag: JsonObject, at: string, issues: OperationOutcomeIssue[]): Adjustment | undefined {
  reportUnmapped(flag, at, KNOWN, issues);
  if (!isCurrent(flag, at, issues)) return undefined;
  const categories = readCategories(flag, at, issues);
  const found = categories
    .map(({ index, codings }) => ({ index, match: firstMatch(codings, adjustmentCategoryFrom) }))
    .find((c) => c.match !== undefined);
  if (found?.match === undefined) {
    // The category that is not the flag type is the one that failed to name an adjustment category.
    const other = categories.find(({ codings }) => firstMatch(codings, flagTypeFrom) === undefined);
    if (other === undefined) return unreadable(issues, `${at}.category`, 'category (adjustment category)', 'Flag');
    issues.push(makeIssue('mapping.unrecognised-code', `${at}.category[${other.index}]`));
    return undefined;
  }
  const category = found.match.value;
  const codeAt = `${at}.code`;
  const codeConcept = flag['code'];
  const snomed = readCodings(codeConcept, codeAt, issues).find((c) => c.system === SNOMED);
  if (snomed === undefined) return unreadable(issues, `${codeAt}.coding`, 'code.coding (SNOMED CT)', 'Flag');
  const text = isObject(codeConcept) ? codeConcept['text'] : undefined;
  const notes = annotationText(readExtensions(flag, at, [gen3Extension.flagNotes], issues).get(gen3Extension.flagNotes), issues);
  const recorded = readProvenance(flag, at, issues);
  if (recorded === undefined) return undefined;
  const common = { notes, recorded, id: flag['id'] };

  if (category === BESPOKE_CATEGORY) {
    if (snomed.code !== snomedConcept.bespokeAdjustment) {
      issues.push(makeIssue('profile.code-not-for-category', snomed.at, { index: found.index }));
      return undefined;
    }
    if (typeof text !== 'string') {
      issues.push(makeIssue('profile.bespoke-text-required', `${codeAt}.text`));
      return undefined;
    }
    return checkedItem(adjustmentSchema, { category, description: text, ...common }, 'adjustment', at, issues);
  }
  if (!isAdjustmentCode(snomed.code, category) || !isR4AdjustmentCode(snomed.code)) {
    issues.push(makeIssue('profile.code-not-for-category', snomed.at, { index: found.index }));
    return undefined;
  }
  if (text !== undefined) issues.push(makeIssue('mapping.not-carried', `${codeAt}.text`, { what: 'the text of a coded adjustment' }));
  return checkedItem(adjustmentSchema, { category, code: snomed.code, ...common }, 'adjustment', at, issues);
}
