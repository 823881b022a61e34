import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { itemsOf } from '../json-read.js';
import type { RaEntry } from './ra-role.js';

/**
 * Every RA resource (PatientFlag, adjustment, condition, consent) records who made the entry in a
 * contained Provenance whose target is the containing resource, `#` (DESIGN decision 2; the
 * national Gen 3 profiles relaxed it to 0..1, raflag keeps it, as Gen 2 had it).
 */
export function checkProvenance(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  for (const entry of entries) {
    if (entry.raRole === undefined || entry.raRole === 'provenance') continue;
    const contained = entry.resource.contained;
    // A wrong shape of `contained` is a base-rule error; do not add a second issue for it.
    if (contained !== undefined && !Array.isArray(contained)) continue;
    const provenances = itemsOf(contained).filter(({ value }) => value.resourceType === 'Provenance');
    if (provenances.length === 0) {
      issues.push(makeIssue('business.provenance-missing', `${entry.path}.contained`));
      continue;
    }
    for (const { value, index } of provenances) {
      const targets = itemsOf(value.target);
      if (targets.length === 0 || targets.some(({ value: target }) => target.reference === '#')) continue;
      issues.push(makeIssue('business.provenance-target', `${entry.path}.contained[${index}].target[0].reference`));
    }
  }
}
