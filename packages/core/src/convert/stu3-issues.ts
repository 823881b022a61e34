import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { SNOMED, SNOMED_HTTPS } from '../canonical.js';
import { makeIssue } from '../outcome/issue.js';
import type { CodingAt } from '../validate/json-read.js';
import type { JsonObject } from '../validate/json-read.js';

/**
 * The issues every STU3 reader raises. `what` texts are written here or by the readers from
 * element names and fixed wording only, never from a submitted value.
 */

export function notCarried(
  expression: string,
  what: string,
  severity: 'warning' | 'error' = 'warning',
): OperationOutcomeIssue {
  return makeIssue('mapping.not-carried', expression, { what }, { severity });
}

export function normalised(expression: string, what: string): OperationOutcomeIssue {
  return makeIssue('mapping.normalised', expression, { what });
}

/**
 * The SNOMED CT system to carry for a coding: `https://snomed.info/sct` is accepted and
 * normalised (DESIGN decision 4), with an information issue naming the element.
 */
export function snomedSystemOf(coding: CodingAt, issues: OperationOutcomeIssue[]): string | undefined {
  if (coding.system === SNOMED_HTTPS) {
    const element = `${coding.path}.system`;
    issues.push(normalised(element, `SNOMED CT system in ${element} changed from ${SNOMED_HTTPS} to ${SNOMED}`));
    return SNOMED;
  }
  return coding.system;
}

/** Why a key is not carried, for keys that commonly appear in STU3 payloads. */
function describeKey(key: string): string {
  if (key === 'fhir_comments') return 'fhir_comments (comments from the retired DSTU2-era JSON format)';
  if (key.startsWith('_')) return `${key} (extensions or comments on a primitive element)`;
  return `element "${key}", which the R4 record has no place for`;
}

/**
 * Reports every key of `element` that the reader did not consume, each at its JSON key, so that
 * nothing in the STU3 payload is dropped silently. A modifierExtension may change what the item
 * means, which the R4 record could not show, so it is an error: the answer is true and the
 * caller must not carry the item.
 */
export function reportUnread(
  element: JsonObject,
  path: string,
  consumed: ReadonlySet<string>,
  issues: OperationOutcomeIssue[],
): boolean {
  let modified = false;
  for (const key of Object.keys(element)) {
    if (consumed.has(key)) continue;
    if (key === 'modifierExtension') {
      modified = true;
      issues.push(notCarried(`${path}.${key}`, 'the item, because a modifierExtension may change its meaning', 'error'));
    } else {
      issues.push(notCarried(`${path}.${key}`, describeKey(key)));
    }
  }
  return modified;
}
