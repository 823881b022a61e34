import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../outcome/issue.js';
import { describeJson, isObject, objectsIn, stringAt, type JsonObject } from './json.js';

/** A resource found in the input, with the FHIRPath that names it and the names others may refer to it by. */
export interface LocatedResource {
  readonly resource: JsonObject;
  readonly type: string;
  /** `Bundle.entry[2].resource`, `Flag`, or `%input[1]` for an array of resources. */
  readonly at: string;
  /** The entry's fullUrl and `Type/id`. */
  readonly names: readonly string[];
}

function located(resource: JsonObject, at: string, fullUrl?: string): LocatedResource {
  const type = stringAt(resource['resourceType']) ?? '';
  const id = stringAt(resource['id']);
  const names = [fullUrl, id === undefined ? undefined : `${type}/${id}`].filter((n): n is string => n !== undefined);
  return { resource, type, at, names };
}

function fromBundle(bundle: JsonObject, issues: OperationOutcomeIssue[]): LocatedResource[] {
  const out: LocatedResource[] = [];
  for (const [entry, index] of objectsIn(bundle['entry'])) {
    const resource = entry['resource'];
    if (!isObject(resource)) {
      issues.push(makeIssue('mapping.not-carried', `Bundle.entry[${index}]`, { what: 'a Bundle entry without a resource, such as a DELETE request' }));
      continue;
    }
    out.push(located(resource, `Bundle.entry[${index}].resource`, stringAt(entry['fullUrl'])));
  }
  return out;
}

/**
 * The resources of a Bundle (any type), a single resource or an array of resources. Undefined when
 * the input is none of these; the reason is in `issues`.
 */
export function locateResources(input: unknown, issues: OperationOutcomeIssue[]): LocatedResource[] | undefined {
  if (Array.isArray(input)) {
    const out: LocatedResource[] = [];
    input.forEach((item, index) => {
      if (isObject(item) && typeof item['resourceType'] === 'string') out.push(located(item, `%input[${index}]`));
      else issues.push(makeIssue('payload.not-object', `%input[${index}]`, { found: describeJson(item) }, { severity: 'error' }));
    });
    return out;
  }
  if (!isObject(input)) {
    issues.push(makeIssue('mapping.unreadable-input', undefined, { found: describeJson(input) }));
    return undefined;
  }
  const type = stringAt(input['resourceType']);
  if (type === undefined) {
    issues.push(makeIssue('payload.no-resource-type', 'resourceType'));
    return undefined;
  }
  return type === 'Bundle' ? fromBundle(input, issues) : [located(input, type)];
}
