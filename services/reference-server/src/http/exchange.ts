import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessPolicy } from '../access/access-policy.js';
import type { Principal } from '../auth/principal.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../logger.js';
import type { FhirResponse } from './fhir-response.js';
import type { MatchedRoute } from './route-match.js';
import type { RequestLog } from './request-log.js';


/** One request on its way through the pipeline; each stage reads and fills in its part. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** The path below `/fhir`, always starting with `/` (`/Flag/1`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The FHIR base URL that links, Location and fullUrl are built on (`http://host:port/fhir`). */
  readonly baseUrl: string;
  /** The client's X-Request-ID when it sent one, else one the server made up. */
  requestId: string;
  /** Only set when the client sent X-Request-ID: it is the idempotency key for writes. */
  clientRequestId: string | undefined;
  correlationId: string | undefined;
  /** The fields this request's log lines carry (request id, route, client). */
  readonly requestLog: RequestLog;
  /** The request's logger: its lines carry what `requestLog` has bound so far. */
  readonly log: Logger;
  /** The raw body bytes, read within the body-size limit. */
  body: Buffer | undefined;
  /** The parsed JSON body on routes that take a resource. */
  resource: unknown;
  /** The form fields on `POST _search`. */
  form: URLSearchParams | undefined;
  route: MatchedRoute | undefined;
  principal: Principal | undefined;
  /** Why authentication failed, for the audit event of a 401. */
  authFailure: string | undefined;
  /** What this caller may see, decided per patient; set by the consent gate. */
  policy: AccessPolicy | undefined;
  /** The store as this caller sees it (reads filtered, writes under the write rules). */
  store: Store | undefined;
  /** What the request read or wrote, `Type/id`, and whose records, for the audit event. */
  readonly touched: { readonly resources: Set<string>; readonly patients: Set<string> };
  response: FhirResponse | undefined;
}
