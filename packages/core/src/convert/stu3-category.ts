import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { flagTypeFrom } from '../terminology/generations.js';
import { codingsOf } from '../validate/json-read.js';
import { notCarried } from './stu3-issues.js';

/**
 * Checks that a STU3 `category` (one CodeableConcept on Flag, a list on Consent) says NRAF. The R4
 * record is always a national reasonable adjustment flag, so any other category is not carried.
 */
export function checkNrafCategory(category: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  const concepts = Array.isArray(category)
    ? category.map((concept: unknown, index) => ({ concept, path: `${path}[${index}]` }))
    : [{ concept: category, path }];
  const isNraf = concepts.some(({ concept, path: conceptPath }) =>
    codingsOf(concept, conceptPath).some(
      (c) => flagTypeFrom(c.system ?? '', c.code ?? '') === 'national-reasonable-adjustment-flag',
    ),
  );
  if (!isNraf) {
    issues.push(notCarried(path, 'a category other than NRAF (the R4 record is always a national reasonable adjustment flag)'));
  }
}
