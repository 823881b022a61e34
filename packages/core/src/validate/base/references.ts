/**
 * Reference rules: the form of Reference.reference, the resource type it points at against the
 * element's allowed targets, agreement with Reference.type, and collecting `#id` and `urn:uuid:`
 * references for the contained and Bundle rules that resolve them once the walk is over.
 */
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from './definitions.js';
import { ID_PATTERN, OID_PATTERN, UUID_PATTERN, isValidPrimitive } from './primitive-formats.js';
import type { WalkContext } from './walk-context.js';

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

const RELATIVE_RE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const CONDITIONAL_RE = /^([A-Z][A-Za-z]+)\?\S+$/;
const REST_TAIL_RE = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE_RE = /^https?:\/\/[^/\s]+(\/\S*)?$/;

const INVALID: ParsedReference = { kind: REF_INVALID, type: undefined, id: undefined };
const LOCAL: ParsedReference = { kind: REF_LOCAL, type: undefined, id: undefined };
const ABSOLUTE: ParsedReference = { kind: REF_ABSOLUTE, type: undefined, id: undefined };
const URN_UUID: ParsedReference = { kind: REF_URN_UUID, type: undefined, id: undefined };
const URN_OID: ParsedReference = { kind: REF_URN_OID, type: undefined, id: undefined };

/** Classifies a literal reference (Reference.reference or a Bundle fullUrl). */
export function parseReference(ref: string): ParsedReference {
  const first = ref.charCodeAt(0);
  if (first === 35 /* # */) return ref.length === 1 || ID_PATTERN.test(ref.slice(1)) ? LOCAL : INVALID;
  if (first === 104 /* h */ && (ref.startsWith('http://') || ref.startsWith('https://'))) {
    if (!ABSOLUTE_RE.test(ref)) return INVALID;
    const m = REST_TAIL_RE.exec(ref);
    if (m && isResourceType(m[1] ?? '')) return { kind: REF_ABSOLUTE_REST, type: m[1], id: m[2] };
    return ABSOLUTE;
  }
  if (first === 117 /* u */ && ref.startsWith('urn:')) {
    if (ref.startsWith('urn:uuid:')) return UUID_PATTERN.test(ref) ? URN_UUID : INVALID;
    if (ref.startsWith('urn:oid:')) return OID_PATTERN.test(ref) ? URN_OID : INVALID;
    return INVALID;
  }
  const m = RELATIVE_RE.exec(ref);
  if (m) return isResourceType(m[1] ?? '') ? { kind: REF_RELATIVE, type: m[1], id: m[2] } : INVALID;
  const c = CONDITIONAL_RE.exec(ref);
  if (c && isResourceType(c[1] ?? '')) return { kind: REF_RELATIVE, type: c[1], id: undefined };
  return INVALID;
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

/** Records a `#...` found in a Reference, canonical or uri, for the contained rules. */
export function recordLocalReference(
  ctx: WalkContext,
  ref: string,
  path: string,
  isReference: boolean,
  targets: ReadonlySet<string> | undefined,
): void {
  const scope = ctx.scope;
  if (ref.length === 1) {
    if (scope.containedIndex >= 0) (scope.refersToContainer ??= [])[scope.containedIndex] = true;
    return;
  }
  (scope.localRefs ??= []).push({ id: ref.slice(1), path, isReference, targets });
}

/**
 * Checks one Reference object (already walked as a datatype). `path` is the Reference's own path;
 * `targets` are the element's allowed target types (undefined: any).
 */
export function checkReference(
  obj: Record<string, unknown>,
  path: string,
  targets: ReadonlySet<string> | undefined,
  ctx: WalkContext,
): void {
  const ref = obj.reference;
  let pointsAt: string | undefined;
  // A reference that is not even a valid string has had its issue from the primitive check.
  if (typeof ref === 'string' && isValidPrimitive('string', ref)) {
    const parsed = parseReference(ref);
    switch (parsed.kind) {
      case REF_INVALID:
        ctx.issues.push(makeIssue('base.reference-format', `${path}.reference`));
        return;
      case REF_LOCAL:
        recordLocalReference(ctx, ref, `${path}.reference`, true, targets);
        break;
      case REF_URN_UUID:
        if (ctx.bundle !== undefined) ctx.bundle.urnRefs.push({ urn: ref, path: `${path}.reference` });
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
      ctx.issues.push(makeIssue('base.reference-type-mismatch', `${path}.type`, { type: declared, found: pointsAt }));
      return;
    }
    if (pointsAt === undefined && targets !== undefined && !targets.has(declared)) {
      ctx.issues.push(
        makeIssue('base.reference-target', `${path}.type`, { found: declared, allowed: targetText(targets) }),
      );
      return;
    }
  }
  if (pointsAt !== undefined && targets !== undefined && !targets.has(pointsAt)) {
    ctx.issues.push(
      makeIssue('base.reference-target', `${path}.reference`, { found: pointsAt, allowed: targetText(targets) }),
    );
  }
}
