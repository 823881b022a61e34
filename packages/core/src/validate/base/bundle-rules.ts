/**
 * Bundle rules: bdl-1..5 and 7..12, fullUrl agreeing with the entry's resource, and in a
 * transaction or batch every `urn:uuid:` reference resolving to an entry's fullUrl. Entry
 * resources themselves are walked by the generic walker, which collects the urn references
 * into the scope opened here.
 */
import { makeIssue } from '../../outcome/issue.js';
import { invariantIssue } from './invariants.js';
import { isValidPrimitive } from './primitive-formats.js';
import { parseReference, REF_ABSOLUTE_REST, REF_RELATIVE } from './references.js';
import { isObject, type BundleScope, type WalkContext } from './walk-context.js';

/** A scope collecting urn:uuid references, for the Bundle types whose entries must resolve them. */
export function openBundleScope(bundle: Record<string, unknown>): BundleScope | undefined {
  return bundle.type === 'transaction' || bundle.type === 'batch' ? { urnRefs: [] } : undefined;
}

const needsRequest = (type: string): boolean => type === 'batch' || type === 'transaction' || type === 'history';
const needsResponse = (type: string): boolean =>
  type === 'batch-response' || type === 'transaction-response' || type === 'history';

function checkDocument(bundle: Record<string, unknown>, path: string, entries: unknown[], ctx: WalkContext): void {
  const identifier = bundle.identifier;
  if (!isObject(identifier)) {
    invariantIssue(ctx, 'bdl-9', `${path}.identifier`);
  } else {
    const hasSystem = identifier.system !== undefined;
    const hasValue = identifier.value !== undefined;
    if (!hasSystem || !hasValue) {
      invariantIssue(ctx, 'bdl-9', hasSystem ? `${path}.identifier.value` : hasValue ? `${path}.identifier.system` : `${path}.identifier`);
    }
  }
  if (bundle.timestamp === undefined) invariantIssue(ctx, 'bdl-10', `${path}.timestamp`);
  checkFirstResource(entries, 'Composition', 'bdl-11', path, ctx);
}

function checkFirstResource(entries: unknown[], type: string, key: string, path: string, ctx: WalkContext): void {
  const first: unknown = entries[0];
  if (first === undefined) {
    invariantIssue(ctx, key, `${path}.entry`);
    return;
  }
  const resource = isObject(first) ? first.resource : undefined;
  if (!isObject(resource) || resource.resourceType !== type) invariantIssue(ctx, key, `${path}.entry[0].resource`);
}

/** Checks the fullUrl of one entry; returns it when it is a usable string. */
function checkFullUrl(
  entry: Record<string, unknown>,
  entryPath: string,
  ctx: WalkContext,
): string | undefined {
  const fullUrl = entry.fullUrl;
  if (!isValidPrimitive('uri', fullUrl)) return undefined;
  const url = fullUrl as string;
  if (url.length === 0) return undefined;
  if (url.includes('/_history/')) {
    invariantIssue(ctx, 'bdl-8', `${entryPath}.fullUrl`);
    return url;
  }
  const resource = entry.resource;
  if (!isObject(resource) || typeof resource.resourceType !== 'string') return url;
  const parsed = parseReference(url);
  if ((parsed.kind === REF_RELATIVE || parsed.kind === REF_ABSOLUTE_REST) && parsed.id !== undefined) {
    const idDiffers = typeof resource.id === 'string' && resource.id !== parsed.id;
    if (parsed.type !== resource.resourceType || idDiffers) {
      ctx.issues.push(makeIssue('bundle.fullurl-id-mismatch', `${entryPath}.fullUrl`));
    }
  }
  return url;
}

function hasContent(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (key !== 'id') return true;
  return false;
}

/** Runs after the Bundle and its entries have been walked. */
export function checkBundle(
  bundle: Record<string, unknown>,
  path: string,
  scope: BundleScope | undefined,
  ctx: WalkContext,
): void {
  const type = typeof bundle.type === 'string' ? bundle.type : undefined;
  if (type !== undefined && bundle.total !== undefined && type !== 'searchset' && type !== 'history') {
    ctx.issues.push(makeIssue('bundle.total-not-allowed', `${path}.total`));
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  if (type === 'document') checkDocument(bundle, path, entries, ctx);
  if (type === 'message') checkFirstResource(entries, 'MessageHeader', 'bdl-12', path, ctx);

  const fullUrls = new Set<string>();
  const seen = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isObject(entry)) continue;
    const entryPath = `${path}.entry[${i}]`;
    const { resource, request, response } = entry;
    if (resource === undefined && request === undefined && response === undefined) {
      // An entry with no content at all already has its ele-1 issue from the walker.
      if (hasContent(entry)) ctx.issues.push(makeIssue('bundle.entry-empty', entryPath));
      continue;
    }
    if (type !== undefined) {
      if (entry.search !== undefined && type !== 'searchset') invariantIssue(ctx, 'bdl-2', `${entryPath}.search`);
      if (needsRequest(type)) {
        if (request === undefined) ctx.issues.push(makeIssue('bundle.request-missing', `${entryPath}.request`, { type }));
      } else if (request !== undefined) {
        ctx.issues.push(makeIssue('bundle.request-not-allowed', `${entryPath}.request`));
      }
      if (needsResponse(type)) {
        if (response === undefined) ctx.issues.push(makeIssue('bundle.response-missing', `${entryPath}.response`, { type }));
      } else if (response !== undefined) {
        ctx.issues.push(makeIssue('bundle.response-not-allowed', `${entryPath}.response`));
      }
    }
    const url = checkFullUrl(entry, entryPath, ctx);
    if (url === undefined) continue;
    fullUrls.add(url);
    if (type === 'history') continue;
    const meta = isObject(resource) ? resource.meta : undefined;
    const version = isObject(meta) && typeof meta.versionId === 'string' ? meta.versionId : '';
    const key = `${url}\u0000${version}`;
    if (seen.has(key)) ctx.issues.push(makeIssue('bundle.fullurl-duplicate', `${entryPath}.fullUrl`));
    seen.add(key);
  }

  if (scope === undefined) return;
  for (const ref of scope.urnRefs) {
    if (!fullUrls.has(ref.urn)) ctx.issues.push(makeIssue('bundle.unresolved-urn', ref.path, { target: 'a urn:uuid' }));
  }
}
