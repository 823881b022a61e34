/**
 * Drops keys whose value is undefined. The record keeps optional fields absent rather than
 * undefined-valued, so two records that mean the same thing are also deep-equal.
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
