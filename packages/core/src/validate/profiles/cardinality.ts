import type { JsonObject } from '../json-read.js';
import type { Report } from './profile-report.js';

/** An element the profile makes 1..1 (or 1..*): reports it missing, and answers it when present. */
export function requireElement(
  parent: JsonObject,
  key: string,
  path: string,
  element: string,
  profileName: string,
  report: Report,
): unknown {
  const value = parent[key];
  if (value === undefined) report('profile.element-missing', `${path}.${key}`, { element, profileName });
  return value;
}

/** A repeating element the profile narrows to one item: reports the first extra item. */
export function checkAtMostOne(items: unknown, path: string, element: string, profileName: string, report: Report): void {
  if (Array.isArray(items) && items.length > 1) {
    report('profile.too-many', `${path}[1]`, { element, max: 1, count: items.length, profileName });
  }
}
