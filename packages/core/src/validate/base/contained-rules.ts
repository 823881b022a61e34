/**
 * Rules for contained resources: an id (R4 requires one), no nesting (dom-2), no version, update
 * time (dom-4) or security labels (dom-5), every local `#id` reference resolving (ref-1) to a
 * contained resource of an allowed type, and every contained resource being referenced from its
 * container or referring to it with `#` (dom-3).
 */
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from './definitions.js';
import { targetText } from './references.js';
import { isObject, pathOf, type LocalReference, type ResourceScope, type WalkContext } from './walk-context.js';

/**
 * Checks a contained resource (`pathOf(ctx)`) before its content is walked. Returns true when it
 * nests contained resources of its own, which the walker then skips so that the one dom-2 issue
 * stands alone.
 */
export function checkContainedResource(resource: Record<string, unknown>, ctx: WalkContext): boolean {
  if (resource.id === undefined) ctx.issues.push(makeIssue('contained.no-id', pathOf(ctx, '.id')));
  const meta = resource.meta;
  if (isObject(meta)) {
    if (meta.versionId !== undefined) {
      ctx.issues.push(makeIssue('contained.meta-not-allowed', pathOf(ctx, '.meta.versionId')));
    }
    if (meta.lastUpdated !== undefined) {
      ctx.issues.push(makeIssue('contained.meta-not-allowed', pathOf(ctx, '.meta.lastUpdated')));
    }
    if (meta.security !== undefined) {
      ctx.issues.push(makeIssue('contained.security-not-allowed', pathOf(ctx, '.meta.security[0]')));
    }
  }
  if (resource.contained !== undefined) {
    ctx.issues.push(makeIssue('contained.nested', pathOf(ctx, '.contained[0]')));
    return true;
  }
  return false;
}

/** Resolves `#id` references against the contained resources (ref-1) and checks their types. */
function resolveLocalReferences(refs: readonly LocalReference[], contained: unknown, ctx: WalkContext): void {
  const types = new Map<string, string>();
  if (Array.isArray(contained)) {
    for (const item of contained) {
      if (isObject(item) && typeof item.id === 'string' && typeof item.resourceType === 'string') {
        types.set(item.id, item.resourceType);
      }
    }
  }
  for (const ref of refs) {
    if (!ref.isReference) continue;
    const type = types.get(ref.id);
    if (type === undefined) {
      ctx.issues.push(makeIssue('contained.unresolved', ref.path));
    } else if (ref.targets !== undefined && !ref.targets.has(type)) {
      ctx.issues.push(makeIssue('base.reference-target', ref.path, { found: type, allowed: targetText(ref.targets) }));
    }
  }
}

function isReferenced(refs: readonly LocalReference[] | undefined, id: string): boolean {
  if (refs === undefined) return false;
  for (const ref of refs) if (ref.id === id) return true;
  return false;
}

/**
 * After a resource (`pathOf(ctx)`) and its contained resources have been walked: resolves the
 * `#id` references collected and checks that each contained resource is referenced (dom-3).
 */
export function finishResourceScope(resource: Record<string, unknown>, scope: ResourceScope, ctx: WalkContext): void {
  const contained = resource.contained;
  const refs = scope.localRefs;
  if (refs !== undefined) resolveLocalReferences(refs, contained, ctx);
  if (!Array.isArray(contained)) return;
  for (let i = 0; i < contained.length; i++) {
    const item: unknown = contained[i];
    // One without an id or a known type already has its issue, and its content was not walked.
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.resourceType !== 'string') continue;
    if (!isResourceType(item.resourceType)) continue;
    if (scope.refersToContainer?.[i] === true || isReferenced(refs, item.id)) continue;
    ctx.issues.push(makeIssue('contained.unreferenced', pathOf(ctx, `.contained[${i}]`)));
  }
}
