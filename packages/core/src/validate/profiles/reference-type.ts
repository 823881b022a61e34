import { isObject, stringOf } from '../json-read.js';
import type { Report } from './profile-report.js';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/;

/**
 * The resource type a Reference points at, when it says: its `type`, or the type segment of a
 * relative or absolute RESTful reference (`Patient/1`, `https://sds.spineservices.nhs.uk/Practitioner/x`,
 * `…/Patient/1/_history/2`). Contained (`#x`) and `urn:` references say nothing about type here.
 */
export function referencedType(reference: unknown): string | undefined {
  if (!isObject(reference)) return undefined;
  const declared = stringOf(reference.type);
  if (declared !== undefined) return declared;
  const text = stringOf(reference.reference);
  if (text === undefined || text.startsWith('#') || text.startsWith('urn:')) return undefined;
  const segments = text.split('?')[0]?.split('/') ?? [];
  const history = segments.lastIndexOf('_history');
  const idAt = history > 0 ? history - 1 : segments.length - 1;
  const type = segments[idAt - 1];
  return type !== undefined && RESOURCE_TYPE.test(type) ? type : undefined;
}

/** Reports a Reference whose type is known and is not one the profile allows. */
export function checkReferenceType(
  reference: unknown,
  path: string,
  allowed: readonly string[],
  profileName: string,
  report: Report,
): void {
  const found = referencedType(reference);
  if (found !== undefined && !allowed.includes(found)) {
    report('profile.reference-target', path, { found, allowed: allowed.join(' | '), profileName });
  }
}
