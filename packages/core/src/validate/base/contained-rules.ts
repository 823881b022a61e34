/**
 * Rules for contained resources: an id (R4 requires one), no nesting (dom-2), no version, update
 * time (dom-4) or security labels (dom-5), every local `#id` reference resolving (ref-1) to a
 * contained resource of an allowed type, and every contained resource being referenced from its
 * container or referring to it with `#` (dom-3).
 */
import { makeIssue } from '../../outcome/issue.js';
import { targetText } from './references.js';
import { isObject, type ResourceScope, type WalkContext } from './walk-context.js';

/**
 * Checks a contained resource before its content is walked. Returns true when it nests contained
 * resources of its own, which the walker then skips so that the one dom-2 issue stands alone.
 */
export function checkContainedResource(resource: Record<string, unknown>, path: string, ctx: WalkContext): boolean {
  if (resource.id === undefined) ctx.issues.push(makeIssue('contained.no-id', `${path}.id`));
  const meta = resource.meta;
  if (isObject(meta)) {
    if (meta.versionId !== undefined) ctx.issues.push(makeIssue('contained.meta-not-allowed', `${path}.meta.versionId`));
    if (meta.lastUpdated !== undefined) {
      ctx.issues.push(makeIssue('contained.meta-not-allowed', `${path}.meta.lastUpdated`));
    }
    if (meta.security !== undefined) ctx.issues.push(makeIssue('contained.security-not-allowed', `${path}.meta.security[0]`));
  }
  if (resource.contained !== undefined) {
    ctx.issues.push(makeIssue('contained.nested', `${path}.contained[0]`));
    return true;
  }
  return false;
}

/**
 * Resolves the `#id` references collected while walking a resource (its contained resources
 * included) and checks that each contained resource is referenced.
 */
export function finishResourceScope(
  resource: Record<string, unknown>,
  path: string,
  scope: ResourceScope,
  ctx: WalkContext,
): void {
  const contained = resource.contained;
  const refs = scope.localRefs;
  if (refs === undefined && contained === undefined) return;
  const types = new Map<string, string>();
  if (Array.isArray(contained)) {
    for (const item of contained) {
      if (isObject(item) && typeof item.id === 'string' && typeof item.resourceType === 'string') {
        types.set(item.id, item.resourceType);
      }
    }
  }
  const referenced = new Set<string>();
  if (refs !== undefined) {
    for (const ref of refs) {
      referenced.add(ref.id);
      if (!ref.isReference) continue;
      const type = types.get(ref.id);
      if (type === undefined) {
        ctx.issues.push(makeIssue('contained.unresolved', ref.path));
      } else if (ref.targets !== undefined && !ref.targets.has(type)) {
        ctx.issues.push(makeIssue('base.reference-target', ref.path, { found: type, allowed: targetText(ref.targets) }));
      }
    }
  }
  if (!Array.isArray(contained)) return;
  for (let i = 0; i < contained.length; i++) {
    const item: unknown = contained[i];
    if (!isObject(item) || typeof item.id !== 'string') continue;
    if (referenced.has(item.id) || scope.refersToContainer?.[i] === true) continue;
    ctx.issues.push(makeIssue('contained.unreferenced', `${path}.contained[${i}]`));
  }
}
