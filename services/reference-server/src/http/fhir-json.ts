/**
 * JSON text for answers, reusing the text of resources that cannot change. The store hands out
 * frozen resources (read-cache.ts), so the text of one is computed once however often it is
 * served; a search Bundle is then stitched from its entries' texts instead of re-serialising
 * every resource on every request. The output is exactly what `JSON.stringify` would give.
 */
const texts = new WeakMap<object, string>();

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys as JSON, `"fullUrl":`: the same few keys are written on every entry of every Bundle. */
const keyTexts = new Map<string, string>();

function keyJson(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    // Bounded: keys come from our own Bundle and entry shapes, but nothing should grow without limit.
    if (keyTexts.size < 256) keyTexts.set(key, text);
  }
  return text;
}

function objectJson(value: Record<string, unknown>, childOf: (key: string) => (value: unknown) => string): string {
  let text = '';
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    text += `${text === '' ? '{' : ','}${keyJson(key)}${childOf(key)(member)}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

const plain = (value: unknown): string => JSON.stringify(value) ?? 'null';

const entryChild = (key: string): ((value: unknown) => string) => (key === 'resource' ? fhirJson : plain);
const bundleChild = (key: string): ((value: unknown) => string) => (key === 'entry' ? entriesJson : plain);

function entryJson(entry: unknown): string {
  return isObject(entry) ? objectJson(entry, entryChild) : plain(entry);
}

const entriesJson = (entries: unknown): string => (Array.isArray(entries) ? `[${entries.map(entryJson).join(',')}]` : plain(entries));

export function fhirJson(value: unknown): string {
  if (!isObject(value)) return plain(value);
  const known = texts.get(value);
  if (known !== undefined) return known;
  if (Object.isFrozen(value)) {
    const text = plain(value);
    texts.set(value, text);
    return text;
  }
  if (value['resourceType'] === 'Bundle' && Array.isArray(value['entry'])) return objectJson(value, bundleChild);
  return plain(value);
}
