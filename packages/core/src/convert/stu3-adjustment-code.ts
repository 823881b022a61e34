import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { SNOMED, SNOMED_HTTPS } from '../canonical.js';
import { BESPOKE_CATEGORY } from '../model/adjustment.js';
import type { AdjustmentCategorySlug } from '../terminology/generations.js';
import { knownInvalidSnomedCodes, snomedConcept } from '../terminology/snomed-concepts.js';
import { codingsOf, isObject } from '../validate/json-read.js';
import { notCarried, reportUnread, snomedSystemOf } from './stu3-issues.js';
import { trimmedText } from './stu3-json.js';

export type AdjustmentCodeReading =
  | { readonly kind: 'coded'; readonly code: string; readonly source: string }
  | { readonly kind: 'bespoke'; readonly description: string; readonly source: string }
  | { readonly kind: 'unusable' };

const isSnomed = (system: string | undefined) => system === SNOMED || system === SNOMED_HTTPS;

/**
 * Flag.code of a STU3 adjustment: a SNOMED CT adjustment, or for the Bespoke category (011) the
 * clinician's own words in `code.text` (the R4 record always codes those 1108111000000107).
 */
export function readAdjustmentCode(
  code: unknown,
  path: string,
  category: AdjustmentCategorySlug,
  issues: OperationOutcomeIssue[],
): AdjustmentCodeReading {
  if (!isObject(code)) {
    issues.push(notCarried(path, 'the adjustment, because it has no code', 'error'));
    return { kind: 'unusable' };
  }
  reportUnread(code, path, new Set(['coding', 'text']), issues);
  const codings = codingsOf(code, path);
  const text = trimmedText(code.text);

  if (category === BESPOKE_CATEGORY) {
    for (const coding of codings) {
      if (!(isSnomed(coding.system) && coding.code === snomedConcept.bespokeAdjustment)) {
        issues.push(notCarried(coding.path, 'a coding other than 1108111000000107 on a bespoke adjustment'));
      }
    }
    if (text === undefined) {
      issues.push(notCarried(`${path}.text`, 'the bespoke adjustment, because it has no description in code.text', 'error'));
      return { kind: 'unusable' };
    }
    return { kind: 'bespoke', description: text, source: `${path}.text` };
  }

  const snomed = codings.find((c) => isSnomed(c.system));
  for (const coding of codings) {
    if (coding !== snomed) issues.push(notCarried(coding.path, 'a coding that is not SNOMED CT (such as a legacy local adjustment code)'));
  }
  if (text !== undefined) issues.push(notCarried(`${path}.text`, 'code.text of a coded adjustment (the R4 record shows the SNOMED CT display)'));
  if (snomed?.code === undefined) {
    issues.push(notCarried(snomed ? `${snomed.path}.code` : path, 'the adjustment, because it has no SNOMED CT code', 'error'));
    return { kind: 'unusable' };
  }
  const meant = knownInvalidSnomedCodes.get(snomed.code);
  if (meant !== undefined) {
    issues.push(
      notCarried(
        `${snomed.path}.code`,
        `the adjustment, because its code is not a valid SNOMED CT identifier (the national examples that carry it meant ${meant})`,
        'error',
      ),
    );
    return { kind: 'unusable' };
  }
  snomedSystemOf(snomed, issues);
  return { kind: 'coded', code: snomed.code, source: `${snomed.path}.code` };
}
