/**
 * A deep copy of `value` with every `reference` string found in `targets` replaced by its
 * server-side `Type/id`, wherever it sits: top level, extensions, contained resources.
 */
export function rewriteReferences<T>(value: T, targets: ReadonlyMap<string, string>): T {
  return rewrite(value, targets) as T;
}

function rewrite(value: unknown, targets: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, targets));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === 'reference' && typeof child === 'string' ? (targets.get(child) ?? child) : rewrite(child, targets);
  }
  return out;
}

/** Every `reference` string still pointing at a `urn:uuid:`, for the check that all were resolved. */
export function urnReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) urnReferences(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string' && child.startsWith('urn:uuid:')) found.push(child);
      else urnReferences(child, found);
    }
  }
  return found;
}
