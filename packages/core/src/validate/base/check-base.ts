import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import type { Sightings } from '../sightings.js';
import { getType, isResourceType } from './definitions.js';
import { resourceTypeForMessage, walkResource } from './walk-element.js';
import { describeJson, isObject, newContext } from './walk-context.js';

/**
 * The base R4 rules for any resource (Bundle entries and contained resources included), from the
 * official StructureDefinitions: elements, JSON types, cardinality, primitive formats, choice
 * elements, references, required bindings and the invariants that matter. Pushes its issues and
 * returns false only when the payload cannot be a resource at all (not an object, no
 * resourceType or an unknown one), so the profile stages are skipped. With `sightings`, it also
 * notes the objects the later stages look for, so that they need not walk the payload again.
 */
export function checkBase(resource: unknown, issues: OperationOutcomeIssue[], sightings?: Sightings): boolean {
  if (!isObject(resource)) {
    issues.push(makeIssue('payload.not-object', undefined, { found: describeJson(resource) }));
    return false;
  }
  const resourceType = resource.resourceType;
  if (resourceType === undefined) {
    issues.push(makeIssue('payload.no-resource-type', undefined));
    return false;
  }
  const type = typeof resourceType === 'string' && isResourceType(resourceType) ? getType(resourceType) : undefined;
  if (type === undefined || typeof resourceType !== 'string') {
    issues.push(makeIssue('payload.unknown-resource-type', undefined, { resourceType: resourceTypeForMessage(resourceType) }));
    return false;
  }
  walkResource(resource, type, newContext(issues, resourceType, sightings), -1);
  return true;
}
