import { isResourceType } from '../base/definitions.js';
import { parseReference, REF_INVALID, type ParsedReference } from '../base/references.js';
import { isObject } from '../json-read.js';
import type { Sightings } from '../sightings.js';
import type { Report } from './profile-report.js';

/**
 * Whether a literal reference has a form the base rules accept (they report every other one).
 * `seen` saves reading again a reference the base walk has read.
 */
export function wellFormedReference(text: unknown, seen?: Sightings): text is string {
  return typeof text === 'string' && text !== '' && readReference(text, seen).kind !== REF_INVALID;
}

/** `parseReference`, through the per-payload readings when there are some. */
function readReference(text: string, seen: Sightings | undefined): ParsedReference {
  return seen === undefined ? parseReference(text) : seen.readReference(text);
}

/**
 * The resource type a Reference points at, when it says: its `type`, or the type named by a
 * relative or RESTful reference (`Patient/1`, `https://sds.spineservices.nhs.uk/Practitioner/x`,
 * `…/Patient/1/_history/2`). Contained (`#x`) and `urn:` references say nothing about type here,
 * and a malformed reference or unknown type is left to the base rules. `seen` saves parsing a
 * reference the base walk has parsed already.
 */
export function referencedType(reference: unknown, seen?: Sightings): string | undefined {
  if (!isObject(reference)) return undefined;
  const declared = reference.type;
  if (declared !== undefined) return typeof declared === 'string' && isResourceType(declared) ? declared : undefined;
  const text = reference.reference;
  if (typeof text !== 'string' || text === '') return undefined;
  const parsed = readReference(text, seen);
  return parsed.kind === REF_INVALID ? undefined : parsed.type;
}

/** The type a Reference points at when it is known and not one of `allowed`. */
export function disallowedType(reference: unknown, allowed: readonly string[], seen?: Sightings): string | undefined {
  const found = referencedType(reference, seen);
  return found !== undefined && !allowed.includes(found) ? found : undefined;
}

/** The issue for a Reference at `path` that points at a type the profile does not allow. */
export function reportDisallowedType(
  report: Report,
  path: string,
  found: string,
  allowed: readonly string[],
  profileName: string,
): void {
  report('profile.reference-target', path, { found, allowed: allowed.join(' | '), profileName });
}

/** Reports a Reference whose type is known and is not one the profile allows. */
export function checkReferenceType(
  reference: unknown,
  path: string,
  allowed: readonly string[],
  profileName: string,
  report: Report,
  seen?: Sightings,
): void {
  const found = disallowedType(reference, allowed, seen);
  if (found !== undefined) reportDisallowedType(report, path, found, allowed, profileName);
}
