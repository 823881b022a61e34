import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION } from '../../canonical.js';
import { makeIssue } from '../../outcome/issue.js';
import { isObject, itemsOf, stringOf } from '../json-read.js';
import { referencedType, wellFormedReference } from '../profiles/reference-type.js';
import { resolveEntry, type EntryAt } from './bundle-entries.js';

interface JsonReference {
  readonly text: string | undefined;
  readonly declared: string | undefined;
}

/**
 * Whether the base rules have this reference covered: a malformed or contained one, an unresolved
 * `urn:uuid:` (bundle.unresolved-urn), or one whose `type` disagrees with what it names.
 */
function baseRulesCover(reference: JsonReference): boolean {
  const { text, declared } = reference;
  if (!wellFormedReference(text) || /^(#|urn:)/.test(text)) return true;
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
): void {
  if (fullUrls === undefined) return;
  for (const entry of entries) {
    for (const { value, index } of itemsOf(entry.resource.extension)) {
      if (value.url !== FLAG_DETAIL_EXTENSION || !isObject(value.valueReference)) continue;
      const text = stringOf(value.valueReference.reference);
      if (baseRulesCover({ text, declared: stringOf(value.valueReference.type) })) continue;
      if (text === undefined || fullUrls.has(text) || resolveEntry(text, entries)) continue;
      issues.push(
        makeIssue('business.flag-detail-unresolved', `${entry.path}.extension[${index}].value.ofType(Reference).reference`),
      );
    }
  }
}
