/**
 * JSON text for answers, reusing the text of resources that cannot change. The store hands out
 * frozen resources (read-cache.ts), so the text of one is computed once however often it is
 * served; a search Bundle is then stitched from its entries' texts instead of re-serialising
 * every resource on every request. The output is exactly what `JSON.stringify` would give.
 */
const texts = new WeakMap<object, string>();

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function memberJson(key: string, value: unknown, child: (value: unknown) => string): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return `${JSON.stringify(key)}:${child(value)}`;
}

function objectJson(value: Record<string, unknown>, childOf: (key: string) => (value: unknown) => string): string {
  const members: string[] = [];
  for (const key of Object.keys(value)) {
    const member = memberJson(key, value[key], childOf(key));
    if (member !== undefined) members.push(member);
  }
  return `{${members.join(',')}}`;
}

const plain = (value: unknown): string => JSON.stringify(value) ?? 'null';

function entryJson(entry: unknown): string {
  return isObject(entry) ? objectJson(entry, (key) => (key === 'resource' ? fhirJson : plain)) : plain(entry);
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
  if (value['resourceType'] === 'Bundle' && Array.isArray(value['entry'])) return objectJson(value, (key) => (key === 'entry' ? entriesJson : plain));
  return plain(value);
}
