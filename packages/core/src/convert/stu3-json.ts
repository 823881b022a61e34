/**
 * What reading STU3 JSON needs beyond the shared narrowing helpers in `validate/json-read.ts`:
 * STU3 payloads are often defective, so text is trimmed and a profile may be a bare string.
 */
import { isObject } from '../validate/json-read.js';

/** A non-empty string with surrounding blanks removed, or undefined. */
export function trimmedText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? undefined : text;
}

/** The path of an element, indexed when it repeats, as issue expressions require. */
export function at(path: string, element: string, index?: number): string {
  return index === undefined ? `${path}.${element}` : `${path}.${element}[${index}]`;
}

/** The profiles a resource claims in `meta.profile` (Spine's STU3 responses sometimes give a single string). */
export function profilesOf(resource: Readonly<Record<string, unknown>>): string[] {
  const meta = resource.meta;
  if (!isObject(meta)) return [];
  const profile = meta.profile;
  if (typeof profile === 'string') return [profile];
  return Array.isArray(profile) ? profile.filter((p): p is string => typeof p === 'string') : [];
}
