import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION } from '../../canonical.js';
import { makeIssue } from '../../outcome/issue.js';
import { isObject, stringOf } from '../json-read.js';
import { referencedType, wellFormedReference } from '../profiles/reference-type.js';
import type { Sightings } from '../sightings.js';
import { resolveEntry, type EntryAt } from './bundle-entries.js';

/**
 * Whether the base rules have this reference covered: a malformed or contained one, an unresolved
 * `urn:uuid:` (bundle.unresolved-urn), or one whose `type` disagrees with what it names.
 */
function baseRulesCover(text: string | undefined, declared: string | undefined, seen: Sightings | undefined): boolean {
  if (!wellFormedReference(text, seen) || text.charCodeAt(0) === 35 /* # */ || text.startsWith('urn:')) return true;
  const named = referencedType({ reference: text });
  return declared !== undefined && named !== undefined && declared !== named;
}

/**
 * A `flag-detail` reference should point at a resource sent in the same Bundle (domain.md §7
 * item 21: the Gen 3 example points at a Consent it does not include). Only a warning: the detail
 * may already be on the server.
 */
export function checkFlagDetails(
  entries: readonly EntryAt[],
  fullUrls: ReadonlySet<string> | undefined,
  issues: OperationOutcomeIssue[],
  seen?: Sightings,
): void {
  if (fullUrls === undefined) return;
  for (const entry of entries) {
    const extensions = entry.resource.extension;
    if (!Array.isArray(extensions)) continue;
    for (let index = 0; index < extensions.length; index++) {
      const value: unknown = extensions[index];
      if (!isObject(value) || value.url !== FLAG_DETAIL_EXTENSION || !isObject(value.valueReference)) continue;
      const reference = value.valueReference;
      const text = stringOf(reference.reference);
      if (baseRulesCover(text, stringOf(reference.type), seen)) continue;
      if (text === undefined || fullUrls.has(text) || resolveEntry(text, entries)) continue;
      issues.push(
        makeIssue('business.flag-detail-unresolved', `${entry.path}.extension[${index}].value.ofType(Reference).reference`),
      );
    }
  }
}
