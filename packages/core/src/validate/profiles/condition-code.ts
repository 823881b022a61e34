import { impairmentFrom } from '../../terminology/index.js';
import { isObject, textMissing, wellFormedCodings, type JsonObject } from '../json-read.js';
import { checkCodings, lookupSystem, type Binding } from './coded.js';
import type { Report } from './profile-report.js';

/**
 * A note can say what the impairment is. One of the wrong shape or without text (Annotation.text is
 * 1..1) is the base rules' to report, so it counts here; only a blank one does not.
 */
function hasNote(resource: JsonObject): boolean {
  const { note } = resource;
  return Array.isArray(note) && note.some((n: unknown) => !(isObject(n) && typeof n.text === 'string' && textMissing(n.text)));
}

/**
 * `Condition.code` of an RA condition: 1..1, an impairment from the national list or a SNOMED CT
 * code (underlying conditions: give the binding `alsoAllowed: [SNOMED]`), and an impairment of
 * "other" says what it is in `code.text` or a note.
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
  const codings = wellFormedCodings(concept, codePath);
  if (codings === undefined || !isObject(concept)) return;
  const coding = checkCodings(codings, codePath, binding, report);
  if (coding?.code === undefined) return;
  const impairment = impairmentFrom(lookupSystem(coding.system) ?? '', coding.code);
  if (impairment === 'other' && textMissing(concept.text) && !hasNote(resource)) {
    report('profile.other-impairment-text', `${codePath}.text`);
  }
}
