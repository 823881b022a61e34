import { makeIssue } from '@raflag/core';
import { outcomeResponse } from '../fhir-response.js';
import { httpError } from '../http-error.js';
import { runWrite } from '../idempotent-write.js';
import { checkId, ifMatchVersion } from '../preconditions.js';
import type { Handler } from '../route-def.js';
import { etagOf } from '../resource-headers.js';
import { refusalResponse } from '../write-response.js';

/** DELETE [type]/[id] with If-Match: writes a tombstone version, so the next read answers 410. */
export const deleteHandler: Handler = async (exchange, { store, params }) => {
  const type = params['type'] as string;
  const id = checkId(params['id'] as string);
  const ifMatch = ifMatchVersion(exchange.req);
  if (ifMatch === undefined) throw httpError(428, 'http.if-match-required', undefined, { interaction: 'delete' });
  const { baseUrl } = exchange;
  return runWrite(
    exchange,
    store,
    (tx) => tx.delete(type, id, { ifMatch }),
    (result) => {
      if (result.ok) return outcomeResponse(200, [makeIssue('http.deleted', undefined, { type })], { ETag: etagOf(result.version.versionId) });
      // Deleting what is already deleted changes nothing and is not an error (FHIR R4 delete).
      if (result.refusal.kind === 'gone') return outcomeResponse(200, [makeIssue('http.already-deleted', undefined, { type })]);
      return refusalResponse(result.refusal, type, baseUrl, id);
    },
  );
};
