import { httpError } from '../http-error.js';
import { jsonResponse } from '../fhir-response.js';
import { historyBundle } from '../history-bundle.js';
import { checkId } from '../preconditions.js';
import type { Handler } from '../route-def.js';
import { CURSOR_PARAM, DEFAULT_COUNT } from '../search/parse-search.js';
import { withQueryErrors } from '../store-errors-http.js';
import { safeParameterName } from '../search/parameter-name.js';

const HISTORY_PARAMS = new Set(['_count', CURSOR_PARAM, '_format']);

/** GET [type]/[id]/_history and GET [type]/_history: versions newest first, paged by cursor. */
export const historyHandler: Handler = async (exchange, { store, params, limits }) => {
  const type = params['type'] as string;
  const id = params['id'] === undefined ? undefined : checkId(params['id']);
  for (const key of exchange.query.keys()) {
    if (!HISTORY_PARAMS.has(key)) throw httpError(400, 'http.search-parameter-unknown', undefined, { name: safeParameterName(key), type: `${type} history` });
  }
  const countRaw = exchange.query.get('_count');
  if (countRaw !== null && !/^[1-9]\d{0,8}$/.test(countRaw)) {
    throw httpError(400, 'http.search-parameter-invalid', undefined, { name: '_count', problem: 'not a positive whole number' });
  }
  const count = Math.min(countRaw === null ? DEFAULT_COUNT : Number(countRaw), limits.countMax);
  const cursor = exchange.query.get(CURSOR_PARAM) ?? undefined;
  const page = await withQueryErrors(() => store.history({ resourceType: type, id, count, cursor }));
  if (id !== undefined && page.matches.length === 0 && cursor === undefined) throw httpError(404, 'http.resource-not-found', undefined, { type });
  const path = id === undefined ? `${type}/_history` : `${type}/${encodeURIComponent(id)}/_history`;
  return jsonResponse(200, historyBundle(exchange.baseUrl, path, exchange.query, page));
};
