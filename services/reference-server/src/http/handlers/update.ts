import type { Resource } from 'fhir/r4.js';
import { makeIssue } from '@raflag/core';
import type { WriteResult } from '../../store/store.js';
import { checkedResource } from '../checked-resource.js';
import { outcomeResponse } from '../fhir-response.js';
import { httpError } from '../http-error.js';
import { runWrite } from '../idempotent-write.js';
import { checkId, ifMatchVersion, preferReturn } from '../preconditions.js';
import type { Handler } from '../route-def.js';
import { refusalResponse, writeResponse } from '../write-response.js';

type UpdateOutcome = WriteResult | { readonly ok: false; readonly needsIfMatch: true };

/**
 * PUT [type]/[id]: If-Match is required to change an existing resource (428 without it, 412 when
 * stale). A PUT to an id that does not exist (or was deleted) creates it, since there is no
 * version to name.
 */
export const updateHandler: Handler = async (exchange, context) => {
  const type = context.params['type'] as string;
  const id = checkId(context.params['id'] as string);
  const { resource, notes } = checkedResource(context.resource, type);
  if (resource.id !== id) throw httpError(400, 'http.id-mismatch', `${type}.id`);
  const ifMatch = ifMatchVersion(exchange.req);
  const prefer = preferReturn(exchange.req);
  const { baseUrl } = exchange;
  const withId = resource as Resource & { id: string };
  return runWrite(
    exchange,
    context.store,
    (tx): UpdateOutcome => {
      if (ifMatch !== undefined) return tx.update(withId, { ifMatch });
      const current = tx.read(type, id);
      if (current && !current.deleted) return { ok: false, needsIfMatch: true };
      return tx.update(withId);
    },
    (result) => {
      if ('needsIfMatch' in result) return outcomeResponse(428, [makeIssue('http.if-match-required', undefined, { interaction: 'update' })]);
      if (!result.ok) return refusalResponse(result.refusal, type, baseUrl, id);
      const status = result.created ? 201 : 200;
      return writeResponse({ status, version: result.version, prefer, baseUrl, message: result.created ? 'http.created' : 'http.updated', notes });
    },
  );
};
