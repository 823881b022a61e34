import { httpError } from '../http-error.js';
import { jsonResponse } from '../fhir-response.js';
import { checkId } from '../preconditions.js';
import type { Handler } from '../route-def.js';
import { etagOf, httpDate, versionHeaders } from '../resource-headers.js';

/** GET [type]/[id]/_history/[vid]: one version as it was; 410 for the version a delete wrote. */
export const vreadHandler: Handler = async (exchange, { store, params }) => {
  const type = params['type'] as string;
  const id = checkId(params['id'] as string);
  const vid = params['vid'] as string;
  if (!/^[1-9]\d{0,14}$/.test(vid)) throw httpError(400, 'http.version-invalid', undefined);
  const version = await store.vread(type, id, Number(vid));
  if (!version) throw httpError(404, 'http.version-not-found', undefined, { type });
  if (version.deleted) {
    throw httpError(410, 'http.resource-gone', undefined, { type }, { ETag: etagOf(version.versionId), 'Last-Modified': httpDate(version.lastUpdated) });
  }
  return jsonResponse(200, version.resource, versionHeaders(exchange.baseUrl, version));
};
