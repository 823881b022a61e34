import type { BundleEntry, Resource } from 'fhir/r4.js';
import type { SearchQuery, StoredVersion, StoreTransaction, WriteRefusal, WriteResult } from '../store/store.js';
import { entryFailure, statusLine, type EntryFailure } from './entry-failure.js';
import type { EntryRequest } from './entry-request.js';
import { versionEntry } from './entry-response.js';

/** The store's reason for refusing a write, as the status and issue an HTTP client would get. */
function refused(refusal: WriteRefusal, request: EntryRequest): EntryFailure {
  const at = `Bundle.entry[${request.index}].request`;
  switch (refusal.kind) {
    case 'version-conflict':
      return entryFailure(412, 'http.version-conflict', `${at}.ifMatch`);
    case 'not-found':
      return entryFailure(404, 'http.resource-not-found', `${at}.url`, { type: request.resourceType });
    case 'gone':
      return entryFailure(410, 'http.resource-gone', `${at}.url`, { type: request.resourceType });
    case 'multiple-matches':
      return entryFailure(412, 'http.conditional-multiple-matches', `${at}.ifNoneExist`, { count: refusal.count });
  }
}

function written(result: WriteResult, request: EntryRequest): Extract<WriteResult, { ok: true }> {
  if (!result.ok) throw refused(result.refusal, request);
  return result;
}

function idOf(request: EntryRequest): string {
  // readEntryRequest guarantees an id for every method but POST.
  return request.id ?? '';
}

/** If-Match is required to change a resource that exists (the same rule as PUT and DELETE over HTTP). */
function requireIfMatch(current: StoredVersion | undefined, request: EntryRequest, interaction: 'update' | 'delete'): void {
  if (current !== undefined && !current.deleted && request.ifMatch === undefined) {
    throw entryFailure(428, 'http.if-match-required', `Bundle.entry[${request.index}].request.ifMatch`, { interaction });
  }
}

export function runDelete(tx: StoreTransaction, request: EntryRequest): BundleEntry {
  const current = tx.read(request.resourceType, idOf(request));
  if (current === undefined) throw refused({ kind: 'not-found' }, request);
  // Deleting what is already deleted changes nothing and succeeds (FHIR delete is idempotent).
  if (current.deleted) return { response: { status: statusLine(204), etag: `W/"${current.versionId}"` } };
  requireIfMatch(current, request, 'delete');
  const result = written(tx.delete(request.resourceType, idOf(request), { ifMatch: request.ifMatch }), request);
  return { response: { status: statusLine(204), etag: `W/"${result.version.versionId}"`, lastModified: result.version.lastUpdated } };
}

export function runUpdate(tx: StoreTransaction, request: EntryRequest, resource: Resource, baseUrl: string | undefined): BundleEntry {
  const id = idOf(request);
  requireIfMatch(tx.read(request.resourceType, id), request, 'update');
  const result = written(tx.update({ ...resource, id }, { ifMatch: request.ifMatch }), request);
  return versionEntry(result.created ? 201 : 200, result.version, baseUrl, true);
}

/** A create whose id the transaction chose up front, so other entries could already point at it. */
export function runCreateWithId(tx: StoreTransaction, request: EntryRequest, resource: Resource, id: string, baseUrl: string | undefined): BundleEntry {
  const result = written(tx.update({ ...resource, id }), request);
  return versionEntry(201, result.version, baseUrl, true);
}

/** A create as a batch does it: the store picks the id and checks `If-None-Exist` atomically. */
export function runCreate(tx: StoreTransaction, request: EntryRequest, resource: Resource, ifNoneExist: SearchQuery | undefined, baseUrl: string | undefined): BundleEntry {
  const result = written(tx.create(resource, { ifNoneExist }), request);
  return versionEntry(result.existing === true ? 200 : 201, result.version, baseUrl, true);
}

export function runRead(tx: StoreTransaction, request: EntryRequest, baseUrl: string | undefined): BundleEntry {
  const current = tx.read(request.resourceType, idOf(request));
  if (current === undefined) throw refused({ kind: 'not-found' }, request);
  if (current.deleted) throw refused({ kind: 'gone', versionId: current.versionId }, request);
  return versionEntry(200, current, baseUrl, false);
}

/** Entries in the order FHIR processes them: DELETE, then POST, then PUT, then GET. */
export function inProcessingOrder(requests: readonly EntryRequest[]): EntryRequest[] {
  const rank = { DELETE: 0, POST: 1, PUT: 2, GET: 3 } as const;
  return [...requests].sort((a, b) => rank[a.method] - rank[b.method] || a.index - b.index);
}
