/**
 * Bundle rules: bdl-1..5 and 7..12, fullUrl agreeing with the entry's resource, and in a
 * transaction or batch every `urn:uuid:` reference resolving to an entry's fullUrl. Entry
 * resources themselves are walked by the generic walker, which collects the urn references
 * into the scope opened here.
 */
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from './definitions.js';
import { invariantIssue } from './invariants.js';
import { isValidPrimitive } from './primitive-formats.js';
import { parseReference, REF_ABSOLUTE_REST, REF_RELATIVE } from './references.js';
import { SeenFullUrls } from './seen-full-urls.js';
import { isObject, pathOf, type BundleScope, type WalkContext } from './walk-context.js';

/** A scope collecting urn:uuid references, for the Bundle types whose entries must resolve them. */
export function openBundleScope(bundle: Record<string, unknown>): BundleScope | undefined {
  return bundle.type === 'transaction' || bundle.type === 'batch' ? { urnRefs: [], fullUrls: fullUrlsOf(bundle) } : undefined;
}

/** Whether an entry counts at all: one with none of resource, request and response is `bundle.entry-empty`. */
const hasEntryContent = (entry: Record<string, unknown>): boolean =>
  entry.resource !== undefined || entry.request !== undefined || entry.response !== undefined;

/** The fullUrls a reference can resolve to: those `checkFullUrl` finds usable, of entries that count. */
function fullUrlsOf(bundle: Record<string, unknown>): ReadonlySet<string> {
  const fullUrls = new Set<string>();
  const entries = bundle.entry;
  if (!Array.isArray(entries)) return fullUrls;
  for (const entry of entries as unknown[]) {
    if (!isObject(entry) || !hasEntryContent(entry)) continue;
    if (usableFullUrl(entry.fullUrl, undefined)) fullUrls.add(entry.fullUrl);
  }
  return fullUrls;
}

const BUNDLE_TYPES: ReadonlySet<string> = new Set([
  'document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset',
  'collection',
]);

const needsRequest = (type: string): boolean => type === 'batch' || type === 'transaction' || type === 'history';
const needsResponse = (type: string): boolean =>
  type === 'batch-response' || type === 'transaction-response' || type === 'history';

function checkDocument(bundle: Record<string, unknown>, entries: unknown[], ctx: WalkContext): void {
  const identifier = bundle.identifier;
  if (!isObject(identifier)) {
    invariantIssue(ctx, 'bdl-9', '.identifier');
  } else {
    const hasSystem = identifier.system !== undefined;
    const hasValue = identifier.value !== undefined;
    if (!hasSystem || !hasValue) {
      invariantIssue(ctx, 'bdl-9', hasSystem ? '.identifier.value' : hasValue ? '.identifier.system' : '.identifier');
    }
  }
  if (bundle.timestamp === undefined) invariantIssue(ctx, 'bdl-10', '.timestamp');
  checkFirstResource(entries, 'Composition', 'bdl-11', ctx);
}

function checkFirstResource(entries: unknown[], type: string, key: string, ctx: WalkContext): void {
  const first: unknown = entries[0];
  if (first === undefined) {
    invariantIssue(ctx, key, '.entry');
    return;
  }
  const resource = isObject(first) ? first.resource : undefined;
  if (!isObject(resource) || resource.resourceType !== type) invariantIssue(ctx, key, '.entry[0].resource');
}

const entryTail = (index: number): string => `.entry[${index}]`;

/**
 * Whether an entry's fullUrl is a usable string: a valid, non-empty uri. `known` are the usable
 * fullUrls of the entries that count, when the scope has them (then a hit needs no format check).
 */
function usableFullUrl(fullUrl: unknown, known: ReadonlySet<string> | undefined): fullUrl is string {
  if (known !== undefined) return typeof fullUrl === 'string' && known.has(fullUrl);
  return isValidPrimitive('uri', fullUrl) && (fullUrl as string).length > 0;
}

/** Checks the fullUrl of entry `index` (one that counts); returns it when it is a usable string. */
function checkFullUrl(
  entry: Record<string, unknown>,
  index: number,
  known: ReadonlySet<string> | undefined,
  ctx: WalkContext,
): string | undefined {
  const url = entry.fullUrl;
  if (!usableFullUrl(url, known)) return undefined;
  if (url.includes('/_history/')) {
    invariantIssue(ctx, 'bdl-8', `${entryTail(index)}.fullUrl`);
    return url;
  }
  // A `urn:` names no type or id to compare (the commonest fullUrl in a transaction).
  if (url.startsWith('urn:')) return url;
  const resource = entry.resource;
  if (!isObject(resource) || typeof resource.resourceType !== 'string' || !isResourceType(resource.resourceType)) {
    return url;
  }
  const parsed = parseReference(url);
  if ((parsed.kind === REF_RELATIVE || parsed.kind === REF_ABSOLUTE_REST) && parsed.id !== undefined) {
    const idDiffers = typeof resource.id === 'string' && resource.id !== parsed.id;
    if (parsed.type !== resource.resourceType || idDiffers) {
      ctx.issues.push(makeIssue('bundle.fullurl-id-mismatch', pathOf(ctx, `${entryTail(index)}.fullUrl`)));
    }
  }
  return url;
}

function hasContent(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (key !== 'id') return true;
  return false;
}

/** The versionId of an entry's resource, or '' (bdl-7 pairs it with the fullUrl). */
function versionOf(resource: unknown): string {
  const meta = isObject(resource) ? resource.meta : undefined;
  return isObject(meta) && typeof meta.versionId === 'string' ? meta.versionId : '';
}

/** Runs after the Bundle (`pathOf(ctx)`) and its entries have been walked. */
export function checkBundle(bundle: Record<string, unknown>, scope: BundleScope | undefined, ctx: WalkContext): void {
  // An unknown type has its binding issue; rules that depend on the type would only add noise.
  const type = typeof bundle.type === 'string' && BUNDLE_TYPES.has(bundle.type) ? bundle.type : undefined;
  if (type !== undefined && bundle.total !== undefined && type !== 'searchset' && type !== 'history') {
    ctx.issues.push(makeIssue('bundle.total-not-allowed', pathOf(ctx, '.total')));
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  if (type === 'document') checkDocument(bundle, entries, ctx);
  if (type === 'message') checkFirstResource(entries, 'MessageHeader', 'bdl-12', ctx);

  // The scope knows the fullUrls already; otherwise (a Bundle type without one, or a test) collect them.
  const fullUrls = scope?.fullUrls === undefined ? new Set<string>() : undefined;
  const seen = new SeenFullUrls();
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isObject(entry)) continue;
    if (!hasEntryContent(entry)) {
      // An entry with no content at all already has its ele-1 issue from the walker.
      if (hasContent(entry)) ctx.issues.push(makeIssue('bundle.entry-empty', pathOf(ctx, entryTail(i))));
      continue;
    }
    const { request, response } = entry;
    if (type !== undefined) {
      if (entry.search !== undefined && type !== 'searchset') invariantIssue(ctx, 'bdl-2', `${entryTail(i)}.search`);
      if (needsRequest(type)) {
        if (request === undefined) ctx.issues.push(makeIssue('bundle.request-missing', pathOf(ctx, `${entryTail(i)}.request`), { type }));
      } else if (request !== undefined) {
        ctx.issues.push(makeIssue('bundle.request-not-allowed', pathOf(ctx, `${entryTail(i)}.request`)));
      }
      if (needsResponse(type)) {
        if (response === undefined) ctx.issues.push(makeIssue('bundle.response-missing', pathOf(ctx, `${entryTail(i)}.response`), { type }));
      } else if (response !== undefined) {
        ctx.issues.push(makeIssue('bundle.response-not-allowed', pathOf(ctx, `${entryTail(i)}.response`)));
      }
    }
    const url = checkFullUrl(entry, i, scope?.fullUrls, ctx);
    if (url === undefined) continue;
    fullUrls?.add(url);
    if (type === 'history') continue;
    if (!seen.add(url, versionOf(entry.resource))) {
      ctx.issues.push(makeIssue('bundle.fullurl-duplicate', pathOf(ctx, `${entryTail(i)}.fullUrl`)));
    }
  }

  if (scope === undefined) return;
  const resolvable = scope.fullUrls ?? fullUrls;
  for (const ref of scope.urnRefs) {
    if (!resolvable?.has(ref.urn)) ctx.issues.push(makeIssue('bundle.unresolved-urn', ref.path, { target: 'a urn:uuid' }));
  }
}
