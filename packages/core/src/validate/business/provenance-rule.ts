import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from '../base/definitions.js';
import { isFilledObject, isObject } from '../json-read.js';
import { wellFormedReference } from '../profiles/reference-type.js';
import type { RaEntry } from './ra-role.js';

/**
 * Whether `contained` is a list of resources as the base rules accept them. Anything else (an
 * empty list, an item that is no resource, an unknown type) is a base-rule error already, and might
 * hide the very Provenance this rule looks for.
 */
function soundContained(contained: unknown): contained is unknown[] {
  if (!Array.isArray(contained) || contained.length === 0) return false;
  for (let i = 0; i < contained.length; i++) {
    const item: unknown = contained[i];
    const sound = isFilledObject(item) && typeof item.resourceType === 'string' && isResourceType(item.resourceType);
    // A hole in a sparse array (never in parsed JSON) is passed over, as `every` would.
    if (!sound && i in contained) return false;
  }
  return true;
}

/**
 * Whether every target is a Reference whose literal reference, if any, has a sound form; and if so,
 * whether one of them is `#`. Undefined when the targets are not sound.
 */
function targetsContainer(target: unknown): boolean | undefined {
  if (!Array.isArray(target) || target.length === 0) return undefined;
  let container = false;
  for (let i = 0; i < target.length; i++) {
    const t: unknown = target[i];
    if (!isFilledObject(t)) {
      if (i in target) return undefined;
      continue;
    }
    const { reference } = t;
    if (reference !== undefined && !wellFormedReference(reference)) return undefined;
    if (reference === '#') container = true;
  }
  return container;
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
    let provenances = 0;
    for (let index = 0; index < contained.length; index++) {
      const value: unknown = contained[index];
      if (!isObject(value) || value.resourceType !== 'Provenance') continue;
      provenances++;
      if (targetsContainer(value.target) !== false) continue;
      issues.push(makeIssue('business.provenance-target', `${entry.path}.contained[${index}].target[0].reference`));
    }
    if (provenances === 0) issues.push(makeIssue('business.provenance-missing', `${entry.path}.contained`));
  }
}
