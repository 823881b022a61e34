import { NHS_NUMBER_SYSTEM } from '../../canonical.js';
import { isFilledObject, isObject, itemsOf, stringOf, type JsonObject } from '../json-read.js';
import { wellFormedReference } from '../profiles/reference-type.js';
import type { Sightings } from '../sightings.js';

/** A resource that is a Bundle entry (or the one top-level resource, when the payload is not a Bundle). */
export interface EntryAt {
  readonly resource: JsonObject;
  readonly resourceType: string;
  readonly id: string | undefined;
  readonly fullUrl: string | undefined;
  /** `Bundle.entry[2].resource`, or `Flag` for a lone resource. */
  readonly path: string;
  /**
   * What `patientKey` answers for a reference to this entry. One string per entry, so that the
   * rules comparing many references to it compare (and hash) the same string, not copies.
   */
  readonly key: string;
}

function pushEntry(out: EntryAt[], resource: unknown, path: string, fullUrl: string | undefined): void {
  if (isObject(resource) && typeof resource.resourceType === 'string') {
    out.push({ resource, resourceType: resource.resourceType, id: stringOf(resource.id), fullUrl, path, key: `entry:${path}` });
  }
}

/** The entries of a Bundle that carry a resource, or the lone resource itself. */
export function entriesOf(payload: unknown): EntryAt[] {
  const out: EntryAt[] = [];
  if (!isObject(payload) || typeof payload.resourceType !== 'string') return out;
  if (payload.resourceType !== 'Bundle') {
    pushEntry(out, payload, payload.resourceType, undefined);
    return out;
  }
  const { entry } = payload;
  if (!Array.isArray(entry)) return out;
  for (let index = 0; index < entry.length; index++) {
    const item: unknown = entry[index];
    if (isObject(item)) pushEntry(out, item.resource, `Bundle.entry[${index}].resource`, stringOf(item.fullUrl));
  }
  return out;
}

/**
 * Every fullUrl of a Bundle, the entries whose resource is broken included: a reference to one of
 * them is not "missing from the Bundle", it is to an entry the base rules have already reported.
 * Undefined when some entry is not an entry at all (not an object, or empty), since that may be
 * the one a reference meant.
 */
export function fullUrlsOf(payload: unknown): ReadonlySet<string> | undefined {
  if (!isObject(payload) || !Array.isArray(payload.entry)) return undefined;
  const fullUrls = new Set<string>();
  for (const item of payload.entry as unknown[]) {
    if (!isFilledObject(item)) return undefined;
    if (typeof item.fullUrl === 'string') fullUrls.add(item.fullUrl);
  }
  return fullUrls;
}

/** `https://x/fhir/Patient/1/_history/2` → `Patient/1`; undefined when the tail is not `Type/id`. */
function typeAndId(url: string): string | undefined {
  const segments = url.split('/');
  const history = segments.lastIndexOf('_history');
  const end = history > 0 ? history : segments.length;
  const type = segments[end - 2];
  const id = segments[end - 1];
  return type !== undefined && id !== undefined && /^[A-Z][A-Za-z]+$/.test(type) && id !== '' ? `${type}/${id}` : undefined;
}

/**
 * The entry a literal reference points at: by fullUrl (absolute, `urn:uuid:` or the relative
 * fullUrls of the national examples), else by resource type and id. Contained (`#`) references
 * are not Bundle references.
 */
export function resolveEntry(reference: string, entries: readonly EntryAt[]): EntryAt | undefined {
  if (reference.startsWith('#')) return undefined;
  for (const e of entries) if (e.fullUrl === reference) return e;
  if (reference.startsWith('urn:')) return undefined;
  const wanted = typeAndId(reference);
  return wanted === undefined ? undefined : entries.find((e) => e.id !== undefined && `${e.resourceType}/${e.id}` === wanted);
}

function nhsNumberOf(resource: JsonObject): string | undefined {
  const identifier = itemsOf(resource.identifier).find(({ value }) => value.system === NHS_NUMBER_SYSTEM);
  return identifier ? stringOf(identifier.value.value) : undefined;
}

/**
 * Who a reference is about, as a key two references can be compared by: the Bundle entry it
 * resolves to, else the server resource it names (`Patient/1`), else the NHS number it names
 * (matched to a Patient entry when one carries it). Undefined when the reference says nothing
 * usable: the base rules report that. `seen` saves parsing a reference the base walk has parsed.
 */
export function patientKey(reference: unknown, entries: readonly EntryAt[], seen?: Sightings): string | undefined {
  if (!isObject(reference)) return undefined;
  const literal = reference.reference;
  if (literal !== undefined) {
    if (!wellFormedReference(literal, seen)) return undefined;
    const entry = resolveEntry(literal, entries);
    if (entry) return entry.key;
    // A server resource (`Patient/1`, absolute or not); anything else that does not resolve (a
    // malformed reference, an unknown urn:uuid) is already a base-rule error.
    if (literal.startsWith('urn:')) return undefined;
    const server = typeAndId(literal);
    return server === undefined ? undefined : `reference:${server}`;
  }
  const identifier = reference.identifier;
  if (isObject(identifier) && identifier.system === NHS_NUMBER_SYSTEM) {
    const nhsNumber = stringOf(identifier.value);
    if (nhsNumber === undefined || nhsNumber === '') return undefined;
    const patient = entries.find((e) => e.resourceType === 'Patient' && nhsNumberOf(e.resource) === nhsNumber);
    return patient ? patient.key : `nhs-number:${nhsNumber}`;
  }
  return undefined;
}
