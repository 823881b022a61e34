import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { makeIssue } from '@raflag/core';
import type { Store } from '../store/store.js';
import type { BundleContext, BundleResult } from './bundle-result.js';
import { conditionalQuery } from './conditional-query.js';
import { EntryFailure, entryFailure } from './entry-failure.js';
import { readEntryRequest, type EntryRequest } from './entry-request.js';
import { failureEntry } from './entry-response.js';
import { urnReferences } from './rewrite-references.js';
import { inProcessingOrder, runCreate, runDelete, runRead, runUpdate } from './run-entry.js';

async function runOne(store: Store, request: EntryRequest, context: BundleContext): Promise<BundleEntry> {
  const at = `Bundle.entry[${request.index}]`;
  const resource = request.resource;
  // Batch entries are independent, so nothing rewrites a reference to another entry's fullUrl.
  if (resource !== undefined && (request.method === 'POST' || request.method === 'PUT') && urnReferences(resource).length > 0) {
    throw entryFailure(400, 'bundle.unresolved-urn', `${at}.resource`, { target: 'a urn:uuid fullUrl (batch entries cannot refer to each other)' });
  }
  const ifNoneExist = request.ifNoneExist === undefined ? undefined : conditionalQuery(request.resourceType, request.ifNoneExist, `${at}.request.ifNoneExist`);
  return store.transaction((tx) => {
    switch (request.method) {
      case 'DELETE':
        return runDelete(tx, request);
      case 'POST':
        return runCreate(tx, request, resource ?? { resourceType: request.resourceType }, ifNoneExist, context.baseUrl);
      case 'PUT':
        return runUpdate(tx, request, resource ?? { resourceType: request.resourceType }, context.baseUrl);
      case 'GET':
        return runRead(tx, request, context.baseUrl);
    }
  });
}

/** A batch Bundle: each entry in its own store transaction; a failure is that entry's response only. */
export async function processBatch(store: Store, bundle: Bundle, context: BundleContext): Promise<BundleResult> {
  const entries = bundle.entry ?? [];
  const responses: BundleEntry[] = [];
  const requests: EntryRequest[] = [];
  entries.forEach((entry, index) => {
    try {
      requests.push(readEntryRequest(entry, index, 'batch'));
    } catch (error) {
      if (!(error instanceof EntryFailure)) throw error;
      responses[index] = failureEntry(error.status, error.issues);
    }
  });
  for (const request of inProcessingOrder(requests)) {
    try {
      responses[request.index] = await runOne(store, request, context);
    } catch (error) {
      if (error instanceof EntryFailure) {
        responses[request.index] = failureEntry(error.status, error.issues);
      } else {
        context.logger?.error({ entry: request.index, errorType: error instanceof Error ? error.name : typeof error }, 'batch entry failed');
        responses[request.index] = failureEntry(500, [makeIssue('http.internal-error', `Bundle.entry[${request.index}]`)]);
      }
    }
  }
  return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: responses } };
}
