import { isObject, type JsonObject } from './json-read.js';

/** `valueCodeableConcept` → `value.ofType(CodeableConcept)`, as issue expressions write choice elements. */
export function pathStep(key: string): string {
  const choice = /^value([A-Z][A-Za-z]*)$/.exec(key);
  return choice ? `value.ofType(${choice[1]})` : key;
}

export interface WalkOptions {
  /** Keys not to descend into (`contained`, when contained resources are handled on their own). */
  readonly skip?: ReadonlySet<string>;
}

/**
 * Calls `visit` for every JSON object under `value` (itself included) with its FHIRPath and the key
 * it sits under (for an array item, the array's key). Primitive extensions (`_x`) are not visited:
 * they hold no codings or identifiers raflag checks.
 */
export function walkObjects(
  value: unknown,
  path: string,
  visit: (object: JsonObject, path: string, key: string | undefined) => void,
  options: WalkOptions = {},
  key?: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => walkObjects(item, `${path}[${index}]`, visit, options, key));
    return;
  }
  if (!isObject(value)) return;
  visit(value, path, key);
  for (const [childKey, child] of Object.entries(value)) {
    if (childKey.startsWith('_') || options.skip?.has(childKey)) continue;
    if (typeof child === 'object' && child !== null) walkObjects(child, `${path}.${pathStep(childKey)}`, visit, options, childKey);
  }
}
