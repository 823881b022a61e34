import type { BundleEntry, Resource } from 'fhir/r4.js';
import { entryFailure } from './entry-failure.js';

export type EntryMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Resource types a Bundle may write; Provenance is read-only (it lives contained in each item). */
export const WRITABLE_TYPES: readonly string[] = ['Patient', 'Flag', 'Condition', 'Consent'];

/** One entry's request, checked and taken apart; nothing has touched the store yet. */
export interface EntryRequest {
  readonly index: number;
  readonly method: EntryMethod;
  readonly resourceType: string;
  /** For PUT, DELETE and GET: the id in `request.url`. */
  readonly id: string | undefined;
  readonly fullUrl: string | undefined;
  readonly resource: Resource | undefined;
  readonly ifMatch: number | undefined;
  /** The query string of `request.ifNoneExist`, without a leading `?`. */
  readonly ifNoneExist: string | undefined;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPE = /^[A-Z][A-Za-z]+$/;
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** `W/"3"` (or `"3"`, or `3`) → 3. */
export function parseIfMatch(value: string): number | undefined {
  const match = /^(?:W\/)?"?([1-9]\d{0,14})"?$/.exec(value.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `Flag`, `Flag/abc` or `http://host/fhir/Flag/abc`: the type and id at the end of the path. */
function splitUrl(url: string): { type: string; id: string | undefined; query: boolean } | undefined {
  const [path = '', query] = url.split('?', 2);
  const parts = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '').split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? '';
  const before = parts[parts.length - 2];
  const hasQuery = query !== undefined;
  if (before !== undefined && TYPE.test(before) && ID.test(last)) return { type: before, id: last, query: hasQuery };
  if (TYPE.test(last)) return { type: last, id: undefined, query: hasQuery };
  return undefined;
}

/** Checks one entry's request; throws EntryFailure (400/412) when it cannot be carried out as written. */
export function readEntryRequest(entry: BundleEntry, index: number, bundleType: string): EntryRequest {
  const at = `Bundle.entry[${index}].request`;
  const request = entry.request;
  if (request === undefined) throw entryFailure(400, 'bundle.request-missing', at, { type: bundleType });
  const method = String(request.method);
  if (!METHODS.includes(method)) throw entryFailure(400, 'bundle-process.method-unsupported', `${at}.method`, { method, type: bundleType });
  const target = splitUrl(String(request.url ?? ''));
  const expected = method === 'POST' ? '[type]' : '[type]/[id]';
  if (target === undefined) throw entryFailure(400, 'bundle-process.url-invalid', `${at}.url`, { expected, method });
  if (target.query && method !== 'GET') {
    const interaction = method === 'POST' ? 'create' : method === 'PUT' ? 'update' : 'delete';
    throw entryFailure(400, 'bundle-process.conditional-unsupported', `${at}.url`, { interaction });
  }
  if ((method === 'POST') !== (target.id === undefined) || target.query) {
    throw entryFailure(400, 'bundle-process.url-invalid', `${at}.url`, { expected, method });
  }
  const resource = entry.resource;
  if (method === 'POST' || method === 'PUT') {
    if (resource === undefined) throw entryFailure(400, 'http.body-missing', `Bundle.entry[${index}].resource`);
    if (resource.resourceType !== target.type) {
      throw entryFailure(400, 'http.resource-type-mismatch', `Bundle.entry[${index}].resource.resourceType`, {
        found: resource.resourceType,
        expected: target.type,
      });
    }
    if (!WRITABLE_TYPES.includes(target.type)) throw entryFailure(400, 'bundle-process.type-not-supported', `${at}.url`, { type: target.type });
    if (method === 'PUT' && resource.id !== undefined && resource.id !== target.id) {
      throw entryFailure(400, 'http.id-mismatch', `Bundle.entry[${index}].resource.id`);
    }
  }
  if (method === 'DELETE' && !WRITABLE_TYPES.includes(target.type)) {
    throw entryFailure(400, 'bundle-process.type-not-supported', `${at}.url`, { type: target.type });
  }
  let ifMatch: number | undefined;
  if (request.ifMatch !== undefined) {
    ifMatch = parseIfMatch(request.ifMatch);
    if (ifMatch === undefined) throw entryFailure(400, 'http.if-match-invalid', `${at}.ifMatch`);
  }
  const ifNoneExist = method === 'POST' && request.ifNoneExist !== undefined ? request.ifNoneExist.replace(/^\?/, '') : undefined;
  return {
    index,
    method: method as EntryMethod,
    resourceType: target.type,
    id: target.id,
    fullUrl: entry.fullUrl,
    resource,
    ifMatch,
    ifNoneExist,
  };
}
