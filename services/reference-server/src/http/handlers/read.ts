import { httpError } from '../http-error.js';
import { jsonResponse } from '../fhir-response.js';
import { checkId, noneMatchHits } from '../preconditions.js';
import type { Handler } from '../route-def.js';
import { etagOf, httpDate, versionHeaders } from '../resource-headers.js';

/** GET [type]/[id]: the current version; 410 once deleted, 304 when If-None-Match names it. */
export const readHandler: Handler = async (exchange, { store, params }) => {
  const type = params['type'] as string;
  const id = checkId(params['id'] as string);
  const version = await store.read(type, id);
  if (!version) throw httpError(404, 'http.resource-not-found', undefined, { type });
  if (version.deleted) {
    throw httpError(410, 'http.resource-gone', undefined, { type }, { ETag: etagOf(version.versionId), 'Last-Modified': httpDate(version.lastUpdated) });
  }
  const headers = versionHeaders(exchange.baseUrl, version);
  if (noneMatchHits(exchange.req, version.versionId)) return { status: 304, headers, body: undefined };
  return jsonResponse(200, version.resource, headers);
};
