import type { Logger } from 'pino';
import { processBundle } from '../bundle/process-bundle.js';
import type { Store } from '../store/store.js';
import { demoBundles } from './demo-bundles.js';

export type DemoLoad =
  | { readonly loaded: true; readonly patients: number }
  | { readonly loaded: false; readonly reason: 'store-not-empty' }
  | { readonly loaded: false; readonly reason: 'rejected'; readonly index: number; readonly status: number };

/** Types whose presence means someone already uses this store; the demo never mixes into real data. */
const HELD_TYPES = ['Patient', 'Flag', 'Condition', 'Consent'];

export async function isStoreEmpty(store: Store): Promise<boolean> {
  for (const resourceType of HELD_TYPES) {
    if ((await store.count({ resourceType, conditions: [] })) > 0) return false;
  }
  return true;
}

/**
 * Loads the demo patients into an empty store, each through `processBundle` so they pass the same
 * validation as any client's write. Does nothing on a store that holds anything already.
 */
export async function loadDemoData(store: Store, logger?: Logger): Promise<DemoLoad> {
  if (!(await isStoreEmpty(store))) return { loaded: false, reason: 'store-not-empty' };
  const built = demoBundles();
  if (!built.ok) return { loaded: false, reason: 'rejected', index: built.index, status: 422 };
  for (const [index, { bundle }] of built.bundles.entries()) {
    const result = await processBundle(store, bundle, { logger });
    if (result.status !== 200) {
      logger?.error({ demoIndex: index, status: result.status }, 'a demo bundle was rejected');
      return { loaded: false, reason: 'rejected', index, status: result.status };
    }
  }
  return { loaded: true, patients: built.bundles.length };
}
