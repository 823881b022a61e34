import type { SearchQuery, WriteResult } from '../../store/store.js';
import { checkedResource } from '../checked-resource.js';
import type { Exchange } from '../exchange.js';
import { headerValue, preferReturn } from '../preconditions.js';
import { runWrite } from '../idempotent-write.js';
import type { Handler, HandlerContext } from '../route-def.js';
import { parseSearch } from '../search/parse-search.js';
import { refusalResponse, writeResponse } from '../write-response.js';

/** `If-None-Exist: identifier=…`: the search that must match nothing for the create to happen. */
function ifNoneExist(exchange: Exchange, type: string, context: HandlerContext): SearchQuery | undefined {
  const header = headerValue(exchange.req.headers['if-none-exist']);
  if (header === undefined) return undefined;
  const query = header.startsWith('?') ? header.slice(1) : header;
  return parseSearch(type, new URLSearchParams(query), context.limits).query;
}

/** POST [type]: validate, then create (atomically conditional with If-None-Exist). */
export const createHandler: Handler = async (exchange, context) => {
  const type = context.params['type'] as string;
  const { resource, notes } = checkedResource(context.resource, type);
  const condition = ifNoneExist(exchange, type, context);
  const prefer = preferReturn(exchange.req);
  const { baseUrl } = exchange;
  return runWrite(
    exchange,
    context.store,
    (tx): WriteResult => tx.create(resource, { ifNoneExist: condition }),
    (result) => {
      if (!result.ok) return refusalResponse(result.refusal, type, baseUrl, undefined);
      if (result.existing) return writeResponse({ status: 200, version: result.version, prefer, baseUrl, message: 'http.unchanged', notes: [] });
      return writeResponse({ status: 201, version: result.version, prefer, baseUrl, message: 'http.created', notes });
    },
  );
};
