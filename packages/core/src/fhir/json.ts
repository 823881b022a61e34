/** Narrowing helpers for reading untrusted JSON without `any`. */

export { type JsonObject, isJsonObject as isObject, stringOf as stringAt, describeJson } from '../json/json-value.js';
import { isJsonObject as isObject, type JsonObject } from '../json/json-value.js';

/** The object items of an array with their index in it; anything else reads as none. */
export function objectsIn(value: unknown): [JsonObject, number][] {
  if (!Array.isArray(value)) return [];
  const out: [JsonObject, number][] = [];
  value.forEach((item, index) => {
    if (isObject(item)) out.push([item, index]);
  });
  return out;
}


/** Structural equality of JSON-like values (plain objects, arrays, primitives). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
}
