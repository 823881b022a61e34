/**
 * Reference rules: the form of Reference.reference, the resource type it points at against the
 * element's allowed targets, agreement with Reference.type, and collecting `#id` and `urn:uuid:`
 * references for the contained and Bundle rules that resolve them once the walk is over.
 */
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from './definitions.js';
import { OID_PATTERN, UUID_PATTERN } from './primitive-formats.js';
import { pathOf, type WalkContext } from './walk-context.js';

export const REF_INVALID = 0;
/** `#` or `#id`. */
export const REF_LOCAL = 1;
/** `Type/id`, `Type/id/_history/v` or a conditional `Type?query`. */
export const REF_RELATIVE = 2;
/** An http(s) URL ending in `Type/id` (optionally `/_history/v`). */
export const REF_ABSOLUTE_REST = 3;
/** Any other http(s) URL. */
export const REF_ABSOLUTE = 4;
export const REF_URN_UUID = 5;
export const REF_URN_OID = 6;

export interface ParsedReference {
  readonly kind: number;
  /** The resource type named by a relative or RESTful reference. */
  readonly type: string | undefined;
  /** The id named by a relative or RESTful reference. */
  readonly id: string | undefined;
}

const ABSOLUTE_RE = /^https?:\/\/[^/\s]+(\/\S*)?$/;
const QUERY_RE = /^\S+$/;
const VERSION_SEGMENT = '/_history/';
const SLASH = 47;
const MAX_ID = 64;

const INVALID: ParsedReference = { kind: REF_INVALID, type: undefined, id: undefined };
const LOCAL: ParsedReference = { kind: REF_LOCAL, type: undefined, id: undefined };
const ABSOLUTE: ParsedReference = { kind: REF_ABSOLUTE, type: undefined, id: undefined };
const URN_UUID: ParsedReference = { kind: REF_URN_UUID, type: undefined, id: undefined };
const URN_OID: ParsedReference = { kind: REF_URN_OID, type: undefined, id: undefined };

const isIdChar = (c: number): boolean =>
  (c >= 97 && c <= 122) /* a-z */ || (c >= 65 && c <= 90) /* A-Z */ || (c >= 48 && c <= 57) /* 0-9 */ || c === 45 /* - */ || c === 46; /* . */

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Whether `ref[start, end)` is an id (`[A-Za-z0-9\-.]{1,64}`, ID_PATTERN), read in place. */
function isIdBetween(ref: string, start: number, end: number): boolean {
  if (end <= start || end - start > MAX_ID) return false;
  for (let i = start; i < end; i++) if (!isIdChar(ref.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads `Type/id` or `Type/id/_history/vid` ending at `end` (exclusive) and starting at `start`;
 * with `anchored` false the type may be preceded by more path (an absolute URL's base).
 * References are the commonest strings in a payload, so this reads back from the end once, over
 * the id and then the type, rather than searching for slashes and slicing segments to test.
 */
function restTail(ref: string, start: number, anchored: boolean, kind: number): ParsedReference | undefined {
  let end = ref.length;
  // `/_history/` holds an underscore: most references have none, and one character is found fast.
  const history = ref.indexOf('_', start) >= 0 && ref.includes(VERSION_SEGMENT, start) ? ref.lastIndexOf(VERSION_SEGMENT) : -1;
  if (history >= start) {
    if (!isIdBetween(ref, history + VERSION_SEGMENT.length, ref.length)) return undefined;
    end = history;
  }
  // The id runs back from `end` to a slash; any other character in it is not an id.
  let slash = end - 1;
  while (slash >= start && isIdChar(ref.charCodeAt(slash))) slash--;
  const idLength = end - slash - 1;
  if (slash < start || ref.charCodeAt(slash) !== SLASH || idLength < 1 || idLength > MAX_ID) return undefined;
  // The type runs back from that slash to the previous one (or to `start`); resource type names are letters.
  let typeStart = slash;
  while (typeStart > start && isLetter(ref.charCodeAt(typeStart - 1))) typeStart--;
  if (typeStart > start && (anchored || ref.charCodeAt(typeStart - 1) !== SLASH)) return undefined;
  const type = ref.slice(typeStart, slash);
  if (!isResourceType(type)) return undefined;
  return { kind, type, id: ref.slice(slash + 1, end) };
}

/**
 * Where the host starts in an `http://` (7) or `https://` (8) URL, else 0. Reads char codes:
 * `startsWith` costs more than the whole comparison, and most references are URLs.
 */
function hostStart(ref: string): number {
  if (ref.charCodeAt(1) !== 116 /* t */ || ref.charCodeAt(2) !== 116 /* t */ || ref.charCodeAt(3) !== 112 /* p */) return 0;
  const secure = ref.charCodeAt(4) === 115; /* s */
  const colon = secure ? 5 : 4;
  const slashes = ref.charCodeAt(colon) === 58 /* : */ && ref.charCodeAt(colon + 1) === SLASH && ref.charCodeAt(colon + 2) === SLASH;
  return slashes ? colon + 3 : 0;
}

/** Classifies a literal reference (Reference.reference or a Bundle fullUrl). */
export function parseReference(ref: string): ParsedReference {
  const first = ref.charCodeAt(0);
  if (first === 35 /* # */) return ref.length === 1 || isIdBetween(ref, 1, ref.length) ? LOCAL : INVALID;
  const host = first === 104 /* h */ ? hostStart(ref) : 0;
  if (host > 0) {
    if (!ABSOLUTE_RE.test(ref)) return INVALID;
    const hostEnd = ref.indexOf('/', host);
    return (hostEnd > 0 && restTail(ref, hostEnd + 1, false, REF_ABSOLUTE_REST)) || ABSOLUTE;
  }
  if (first === 117 /* u */ && ref.startsWith('urn:')) {
    if (ref.startsWith('urn:uuid:')) return UUID_PATTERN.test(ref) ? URN_UUID : INVALID;
    if (ref.startsWith('urn:oid:')) return OID_PATTERN.test(ref) ? URN_OID : INVALID;
    return INVALID;
  }
  const query = ref.indexOf('?');
  if (query > 0 && query < ref.length - 1) {
    const type = ref.slice(0, query);
    return isResourceType(type) && QUERY_RE.test(ref) ? { kind: REF_RELATIVE, type, id: undefined } : INVALID;
  }
  return restTail(ref, 0, true, REF_RELATIVE) ?? INVALID;
}

const listFormat = (targets: ReadonlySet<string>): string => {
  const all = [...targets];
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1] ?? ''}`;
};

const targetTextCache = new WeakMap<ReadonlySet<string>, string>();

/** "Patient, Group or Device", for messages. */
export function targetText(targets: ReadonlySet<string>): string {
  let text = targetTextCache.get(targets);
  if (text === undefined) {
    text = listFormat(targets);
    targetTextCache.set(targets, text);
  }
  return text;
}

/**
 * Records a `#...` found in a Reference, canonical or uri, for the contained rules; `tail` is
 * appended to the current path (`.reference` for a Reference).
 */
export function recordLocalReference(
  ctx: WalkContext,
  ref: string,
  tail: string,
  isReference: boolean,
  targets: ReadonlySet<string> | undefined,
): void {
  const scope = ctx.scope;
  if (ref.length === 1) {
    if (scope.containedIndex >= 0) (scope.refersToContainer ??= [])[scope.containedIndex] = true;
    return;
  }
  (scope.localRefs ??= []).push({ id: ref.slice(1), path: pathOf(ctx, tail), isReference, targets });
}

/**
 * Checks one Reference object (already walked as a datatype without issues, so its parts have
 * their JSON types and formats; `pathOf(ctx)` is its path).
 * `targets` are the element's allowed target types (undefined: any).
 */
export function checkReference(
  obj: Record<string, unknown>,
  targets: ReadonlySet<string> | undefined,
  ctx: WalkContext,
): void {
  const ref = obj.reference;
  let pointsAt: string | undefined;
  if (typeof ref === 'string') {
    const parsed = ctx.sightings === undefined ? parseReference(ref) : ctx.sightings.readReference(ref);
    switch (parsed.kind) {
      case REF_INVALID:
        ctx.issues.push(makeIssue('base.reference-format', pathOf(ctx, '.reference')));
        return;
      case REF_LOCAL:
        recordLocalReference(ctx, ref, '.reference', true, targets);
        break;
      case REF_URN_UUID:
        if (ctx.bundle !== undefined && ctx.bundle.fullUrls?.has(ref) !== true) {
          ctx.bundle.urnRefs.push({ urn: ref, path: pathOf(ctx, '.reference') });
        }
        break;
      case REF_RELATIVE:
      case REF_ABSOLUTE_REST:
        pointsAt = parsed.type;
        break;
      default:
        break;
    }
  }
  const declared = obj.type;
  if (typeof declared === 'string' && isResourceType(declared)) {
    if (pointsAt !== undefined && declared !== pointsAt) {
      ctx.issues.push(makeIssue('base.reference-type-mismatch', pathOf(ctx, '.type'), { type: declared, found: pointsAt }));
      return;
    }
    if (pointsAt === undefined && targets !== undefined && !targets.has(declared)) {
      ctx.issues.push(
        makeIssue('base.reference-target', pathOf(ctx, '.type'), { found: declared, allowed: targetText(targets) }),
      );
      return;
    }
  }
  if (pointsAt !== undefined && targets !== undefined && !targets.has(pointsAt)) {
    ctx.issues.push(
      makeIssue('base.reference-target', pathOf(ctx, '.reference'), { found: pointsAt, allowed: targetText(targets) }),
    );
  }
}
