import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION } from '../../canonical.js';
import { makeIssue } from '../../outcome/issue.js';
import { isObject, itemsOf, stringOf } from '../json-read.js';
import { resolveEntry, type EntryAt } from './bundle-entries.js';

/**
 * A `flag-detail` reference should point at a resource sent in the same Bundle (domain.md §7
 * item 21: the Gen 3 example points at a Consent it does not include). Only a warning: the detail
 * may already be on the server.
 */
export function checkFlagDetails(entries: readonly EntryAt[], issues: OperationOutcomeIssue[]): void {
  for (const entry of entries) {
    for (const { value, index } of itemsOf(entry.resource.extension)) {
      if (value.url !== FLAG_DETAIL_EXTENSION || !isObject(value.valueReference)) continue;
      const reference = stringOf(value.valueReference.reference);
      if (reference === undefined || reference.startsWith('#') || resolveEntry(reference, entries)) continue;
      issues.push(
        makeIssue('business.flag-detail-unresolved', `${entry.path}.extension[${index}].value.ofType(Reference).reference`),
      );
    }
  }
}
