import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from '../base/definitions.js';
import { isFilledObject, itemsOf, type JsonObject } from '../json-read.js';
import { wellFormedReference } from '../profiles/reference-type.js';
import type { RaEntry } from './ra-role.js';

/**
 * Whether `contained` is a list of resources as the base rules accept them. Anything else (an
 * empty list, an item that is no resource, an unknown type) is a base-rule error already, and might
 * hide the very Provenance this rule looks for.
 */
function soundContained(contained: unknown): contained is JsonObject[] {
  return (
    Array.isArray(contained) &&
    contained.length > 0 &&
    contained.every(
      (item: unknown) => isFilledObject(item) && typeof item.resourceType === 'string' && isResourceType(item.resourceType),
    )
  );
}

/** Whether every target is a Reference whose literal reference, if any, has a sound form. */
function soundTargets(target: unknown): target is JsonObject[] {
  return (
    Array.isArray(target) &&
    target.length > 0 &&
    target.every((t: unknown) => isFilledObject(t) && (t.reference === undefined || wellFormedReference(t.reference)))
  );
}

/**
 * Every RA resource (PatientFlag, adjustment, condition, consent) records who made the entry in a
 * contained Provenance whose target is the containing resource, `#` (DESIGN decision 2; the
 * national Gen 3 profiles relaxed it to 0..1, raflag keeps it, as Gen 2 had it).
 */
export function checkProvenance(entries: readonly RaEntry[], issues: OperationOutcomeIssue[]): void {
  for (const entry of entries) {
    if (entry.raRole === undefined || entry.raRole === 'provenance') continue;
    const contained = entry.resource.contained;
    if (contained === undefined) {
      issues.push(makeIssue('business.provenance-missing', `${entry.path}.contained`));
      continue;
    }
    if (!soundContained(contained)) continue;
    const provenances = itemsOf(contained).filter(({ value }) => value.resourceType === 'Provenance');
    if (provenances.length === 0) {
      issues.push(makeIssue('business.provenance-missing', `${entry.path}.contained`));
      continue;
    }
    for (const { value, index } of provenances) {
      const target = value.target;
      if (!soundTargets(target) || target.some((t) => t.reference === '#')) continue;
      issues.push(makeIssue('business.provenance-target', `${entry.path}.contained[${index}].target[0].reference`));
    }
  }
}
