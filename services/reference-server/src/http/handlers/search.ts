import { jsonResponse } from '../fhir-response.js';
import type { Handler } from '../route-def.js';
import { parseSearch } from '../search/parse-search.js';
import { runSearch } from '../search/run-search.js';

/** GET [type]?… and POST [type]/_search (form fields and query string together). */
export const searchHandler: Handler = async (exchange, { store, params, form, limits }) => {
  const type = params['type'] as string;
  const all = new URLSearchParams(exchange.query);
  for (const [key, value] of form ?? []) all.append(key, value);
  const parsed = parseSearch(type, all, limits);
  const bundle = await runSearch({ store, baseUrl: exchange.baseUrl, path: type, params: all, parsed, countMax: limits.countMax });
  return jsonResponse(200, bundle);
};
