/** Narrowing helpers for reading untrusted JSON without `any`. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The object items of an array with their index in it; anything else reads as none. */
export function objectsIn(value: unknown): [JsonObject, number][] {
  if (!Array.isArray(value)) return [];
  const out: [JsonObject, number][] = [];
  value.forEach((item, index) => {
    if (isObject(item)) out.push([item, index]);
  });
  return out;
}

/** What a non-resource input is, in words that never carry its value. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
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
