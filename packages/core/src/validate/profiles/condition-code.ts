import { SNOMED } from '../../canonical.js';
import { impairmentFrom } from '../../terminology/index.js';
import { codingsOf, isObject, itemsOf, textOf, type JsonObject } from '../json-read.js';
import { checkCodings, lookupSystem, type Binding } from './coded.js';
import type { Report } from './profile-report.js';

function hasNoteText(resource: JsonObject): boolean {
  return itemsOf(resource.note).some(({ value }) => textOf(value.text) !== undefined);
}

/**
 * `Condition.code` of an RA condition: 1..1, an impairment from the national list or a SNOMED CT
 * code (underlying conditions), and an impairment of "other" says what it is in `code.text` or a note.
 */
export function checkConditionCode(
  resource: JsonObject,
  path: string,
  binding: Binding,
  profileName: string,
  report: Report,
): void {
  const codePath = `${path}.code`;
  const concept = resource.code;
  if (concept === undefined) {
    report('profile.element-missing', codePath, { element: 'code', profileName });
    return;
  }
  if (!isObject(concept)) return;
  const coding = checkCodings(codingsOf(concept, codePath), codePath, { ...binding, alsoAllowed: [SNOMED] }, report);
  if (coding?.code === undefined) return;
  const impairment = impairmentFrom(lookupSystem(coding.system) ?? '', coding.code);
  if (impairment === 'other' && textOf(concept.text) === undefined && !hasNoteText(resource)) {
    report('profile.other-impairment-text', `${codePath}.text`);
  }
}
