import type { Bundle } from 'fhir/r4.js';
import { makeIssue, validate, isJsonObject } from '@raflag/core';
import type { Store } from '../store/store.js';
import { outcomeResult, type BundleContext, type BundleResult } from './bundle-result.js';
import { processBatch } from './process-batch.js';
import { processTransaction } from './process-transaction.js';
import { validationStatus } from './validation-status.js';

export type { BundleContext, BundleResult } from './bundle-result.js';

/**
 * `POST [base]` with a transaction or batch Bundle. The whole Bundle is validated with
 * `@raflag/core` before anything is written: 400 for a malformed payload, 422 for a profile or
 * business-rule failure, nothing stored. Never throws for bad input; a store failure does throw.
 */
export async function processBundle(store: Store, bundle: unknown, context: BundleContext = {}): Promise<BundleResult> {
  if (!isJsonObject(bundle) || bundle['resourceType'] !== 'Bundle') {
    const found = isJsonObject(bundle) && typeof bundle['resourceType'] === 'string' ? bundle['resourceType'] : 'non-Bundle';
    return outcomeResult(400, [makeIssue('http.resource-type-mismatch', 'Bundle', { found, expected: 'Bundle' })]);
  }
  const type = bundle['type'];
  if (type !== 'transaction' && type !== 'batch') {
    return outcomeResult(400, [makeIssue('bundle-process.type-unsupported', 'Bundle.type', { type: typeof type === 'string' ? type : 'Bundle without a type' })]);
  }
  const outcome = validate(bundle);
  const status = validationStatus(outcome);
  if (status !== undefined) return { status, body: outcome };
  // validate found no errors, so the value has the shape of an R4 Bundle.
  const valid = bundle as unknown as Bundle;
  return type === 'transaction' ? processTransaction(store, valid, context) : processBatch(store, valid, context);
}
