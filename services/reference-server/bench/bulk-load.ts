import { newResourceId } from '../src/store/resource-id.js';
import type { Bundle, Resource } from 'fhir/r4.js';
import { conditionalQuery } from '../src/bundle/conditional-query.js';
import { rewriteReferences } from '../src/bundle/rewrite-references.js';
import type { Store, StoreTransaction } from '../src/store/store.js';
import { recordBundle } from './record-bundle.js';

export interface BulkLoadOptions {
  /** Records per store transaction: one fsync each, so larger batches load faster. */
  readonly batchSize?: number;
  /** Called after each committed batch with the running total. */
  readonly onProgress?: (loaded: number) => void;
}

/**
 * Writes one record's transaction Bundle the way the server's transaction processing does (ids
 * chosen first, `urn:uuid:` references rewritten, then each resource written through the
 * store), so every index row comes from the adapter's own write path. Validation is skipped:
 * the Bundles come from `toFhir` of a parsed record. Returns false when the patient existed.
 */
function writeRecord(tx: StoreTransaction, bundle: Bundle): boolean {
  const entries = bundle.entry ?? [];
  const targets = new Map<string, string>();
  const ids: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const resource = entry.resource as Resource;
    const ifNoneExist = entry.request?.ifNoneExist;
    if (ifNoneExist !== undefined) {
      const query = conditionalQuery(resource.resourceType, ifNoneExist, `Bundle.entry[${index}].request.ifNoneExist`);
      if (tx.search({ ...query, count: 2 }).matches.length > 0) return false;
    }
    const id = newResourceId();
    ids.push(id);
    if (entry.fullUrl !== undefined) targets.set(entry.fullUrl, `${resource.resourceType}/${id}`);
  }
  for (const [index, entry] of entries.entries()) {
    const resource = rewriteReferences(entry.resource as Resource, targets);
    tx.update({ ...resource, id: ids[index] ?? newResourceId() });
  }
  return true;
}

/**
 * Fills a store with one RA record per NHS number, many records per transaction. Throws if any
 * patient already exists, because the caller's record count would then be wrong.
 */
export async function bulkLoad(store: Store, nhsNumbers: readonly string[], options: BulkLoadOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  let loaded = 0;
  for (let start = 0; start < nhsNumbers.length; start += batchSize) {
    const bundles = nhsNumbers.slice(start, start + batchSize).map(recordBundle);
    await store.transaction((tx) => {
      for (const bundle of bundles) {
        if (!writeRecord(tx, bundle)) throw new Error('bulk load met a patient that already exists');
      }
    });
    loaded += bundles.length;
    options.onProgress?.(loaded);
  }
  return loaded;
}
