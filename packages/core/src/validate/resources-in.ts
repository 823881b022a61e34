import { isObject, type JsonObject } from './json-read.js';

/** A resource somewhere in a payload, with the FHIRPath of the resource itself. */
export interface ResourceAt {
  readonly resource: JsonObject;
  readonly resourceType: string;
  /** `Flag`, `Bundle.entry[2].resource`, `Bundle.entry[2].resource.contained[0]`. */
  readonly path: string;
  readonly role: 'top' | 'entry' | 'contained';
  /** The resource that contains this one (role `contained`). */
  readonly container?: ResourceAt;
  /** The position of the Bundle entry (role `entry`). */
  readonly entryIndex?: number;
}

function typeOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.resourceType === 'string' ? value.resourceType : undefined;
}

function visit(
  resource: JsonObject,
  path: string,
  role: ResourceAt['role'],
  container: ResourceAt | undefined,
  entryIndex: number | undefined,
  out: ResourceAt[],
): void {
  const resourceType = typeOf(resource);
  if (resourceType === undefined) return;
  const self: ResourceAt = { resource, resourceType, path, role, container, entryIndex };
  out.push(self);
  // dom-2 forbids nested contained resources; the base rules report them, so do not descend.
  const contained = role === 'contained' ? undefined : resource.contained;
  if (Array.isArray(contained)) {
    for (let index = 0; index < contained.length; index++) {
      const item: unknown = contained[index];
      if (isObject(item)) visit(item, `${path}.contained[${index}]`, 'contained', self, undefined, out);
    }
  }
  const entries = resourceType === 'Bundle' ? resource.entry : undefined;
  if (Array.isArray(entries)) {
    for (let index = 0; index < entries.length; index++) {
      const entry: unknown = entries[index];
      if (isObject(entry) && isObject(entry.resource)) {
        visit(entry.resource, `${path}.entry[${index}].resource`, 'entry', undefined, index, out);
      }
    }
  }
}

/**
 * Every resource of a payload, in document order: the top-level resource, each contained
 * resource, and each Bundle entry's resource (with its own contained resources). Items without a
 * resourceType are skipped; the base rules report them.
 */
export function resourcesIn(payload: unknown): ResourceAt[] {
  const out: ResourceAt[] = [];
  const resourceType = typeOf(payload);
  if (resourceType === undefined || !isObject(payload)) return out;
  visit(payload, resourceType, 'top', undefined, undefined, out);
  return out;
}
