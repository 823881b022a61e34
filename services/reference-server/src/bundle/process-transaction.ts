import type { Bundle, BundleEntry, Resource } from 'fhir/r4.js';
import { makeIssue } from '@raflag/core';
import { newResourceId } from '../store/resource-id.js';
import type { SearchQuery, StoredVersion, Store, StoreTransaction } from '../store/store.js';
import { outcomeResult, type BundleContext, type BundleResult } from './bundle-result.js';
import { conditionalQuery } from './conditional-query.js';
import { EntryFailure, entryFailure } from './entry-failure.js';
import { readEntryRequest, type EntryRequest } from './entry-request.js';
import { versionEntry } from './entry-response.js';
import { rewriteReferences, urnReferences } from './rewrite-references.js';
import { inProcessingOrder, runCreateWithId, runDelete, runRead, runUpdate } from './run-entry.js';

interface Planned {
  readonly request: EntryRequest;
  readonly ifNoneExist: SearchQuery | undefined;
}

/** Every check that needs no store, so a malformed entry fails before the transaction opens. */
function plan(bundle: Bundle): Planned[] {
  return (bundle.entry ?? []).map((entry: BundleEntry, index) => {
    const request = readEntryRequest(entry, index, 'transaction');
    const ifNoneExist =
      request.ifNoneExist === undefined
        ? undefined
        : conditionalQuery(request.resourceType, request.ifNoneExist, `Bundle.entry[${index}].request.ifNoneExist`);
    return { request, ifNoneExist };
  });
}

/** The resource with every in-Bundle reference pointing at its server id; a leftover `urn:uuid:` is a 400. */
function resolved(request: EntryRequest, targets: ReadonlyMap<string, string>): Resource {
  const resource = rewriteReferences(request.resource as Resource, targets);
  if (urnReferences(resource).length > 0) {
    throw entryFailure(400, 'bundle.unresolved-urn', `Bundle.entry[${request.index}].resource`, { target: 'a urn:uuid fullUrl' });
  }
  return resource;
}

function execute(tx: StoreTransaction, planned: readonly Planned[], context: BundleContext): BundleEntry[] {
  const newId = context.newId ?? newResourceId;
  const responses: BundleEntry[] = [];
  const ordered = inProcessingOrder(planned.map((p) => p.request));
  const queries = new Map(planned.map((p) => [p.request.index, p.ifNoneExist]));

  for (const request of ordered) if (request.method === 'DELETE') responses[request.index] = runDelete(tx, request);

  // Server ids are settled before anything is written, so every entry can point at every other.
  const targets = new Map<string, string>();
  const creates = new Map<number, { id: string; existing: StoredVersion | undefined }>();
  for (const request of ordered) {
    if (request.method === 'POST') {
      const query = queries.get(request.index);
      const matches = query === undefined ? [] : tx.search(query).matches;
      if (matches.length > 1) {
        throw entryFailure(412, 'http.conditional-multiple-matches', `Bundle.entry[${request.index}].request.ifNoneExist`, { count: matches.length });
      }
      const existing = matches[0];
      const id = existing?.id ?? newId();
      creates.set(request.index, { id, existing });
      if (request.fullUrl !== undefined) targets.set(request.fullUrl, `${request.resourceType}/${id}`);
    } else if (request.method === 'PUT' && request.fullUrl !== undefined) {
      targets.set(request.fullUrl, `${request.resourceType}/${request.id ?? ''}`);
    }
  }

  for (const request of ordered) {
    const create = creates.get(request.index);
    if (request.method === 'POST' && create !== undefined) {
      responses[request.index] = create.existing
        ? versionEntry(200, create.existing, context.baseUrl, true)
        : runCreateWithId(tx, request, resolved(request, targets), create.id, context.baseUrl);
    } else if (request.method === 'PUT') {
      responses[request.index] = runUpdate(tx, request, resolved(request, targets), context.baseUrl);
    }
  }
  for (const request of ordered) if (request.method === 'GET') responses[request.index] = runRead(tx, request, context.baseUrl);
  return responses;
}

function failed(failure: EntryFailure, index: number | undefined): BundleResult {
  const rolledBack = index === undefined ? [] : [makeIssue('bundle-process.rolled-back', `Bundle.entry[${index}]`, { index })];
  return outcomeResult(failure.status, [...failure.issues, ...rolledBack]);
}

function entryIndexOf(failure: EntryFailure): number | undefined {
  const match = /^Bundle\.entry\[(\d+)\]/.exec(failure.issues[0]?.expression?.[0] ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * A transaction Bundle, all or nothing inside one store transaction: a failing entry throws,
 * the store rolls back, and the answer is that entry's error.
 */
export async function processTransaction(store: Store, bundle: Bundle, context: BundleContext): Promise<BundleResult> {
  let planned: Planned[];
  try {
    planned = plan(bundle);
  } catch (error) {
    if (error instanceof EntryFailure) return outcomeResult(error.status, error.issues);
    throw error;
  }
  const toBundle = (entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type: 'transaction-response', entry });
  try {
    const work = (tx: StoreTransaction) => toBundle(execute(tx, planned, context));
    if (context.idempotencyKey === undefined) return { status: 200, body: await store.transaction(work) };
    const outcome = await store.idempotentTransaction(context.idempotencyKey, work, (body) => ({
      status: 200,
      headers: { 'content-type': 'application/fhir+json; charset=utf-8' },
      body: JSON.stringify(body),
    }));
    if (!outcome.replayed) return { status: 200, body: outcome.result };
    return { status: outcome.response.status, body: JSON.parse(outcome.response.body) as Bundle, replayed: true };
  } catch (error) {
    if (error instanceof EntryFailure) return failed(error, entryIndexOf(error));
    throw error;
  }
}
