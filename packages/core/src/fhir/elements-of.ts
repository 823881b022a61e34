/**
 * Builds a FHIR element or record item from optional parts: keys whose value is undefined are left
 * out, so JSON output has no empty keys and records compare equal by value.
 */
export function elementsOf<T extends object>(parts: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts)) if (value !== undefined) out[key] = value;
  return out as T;
}
