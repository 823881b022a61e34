import type { Store, StoreTransaction } from '../store/store.js';
import type { Exchange } from './exchange.js';
import type { FhirResponse } from './fhir-response.js';

/**
 * Runs a write in one store transaction. With an X-Request-ID the response is built and kept in
 * that same transaction, so a retry (even one arriving at the same moment) gets the first answer,
 * status, headers and body, and nothing is written twice.
 */
export async function runWrite<T>(
  exchange: Exchange,
  store: Store,
  work: (tx: StoreTransaction) => T,
  toResponse: (result: T) => FhirResponse,
): Promise<FhirResponse> {
  const key = exchange.clientRequestId;
  if (key === undefined) return toResponse(await store.transaction(work));
  let first: FhirResponse | undefined;
  const outcome = await store.idempotentTransaction(key, work, (result) => {
    first = toResponse(result);
    return { status: first.status, headers: { ...first.headers }, body: first.body ?? '' };
  });
  if (!outcome.replayed) return first ?? toResponse(outcome.result);
  const { status, headers, body } = outcome.response;
  return { status, headers, body: body === '' ? undefined : body };
}
