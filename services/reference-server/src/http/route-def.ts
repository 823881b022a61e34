import type { CapabilityStatementRestSecurity } from 'fhir/r4.js';
import type { Limits } from '../config.js';
import type { Store } from '../store/store.js';
import type { Exchange } from './exchange.js';
import type { FhirResponse } from './fhir-response.js';

/**
 * What a route does, in FHIR's own words where there is one: the CapabilityStatement lists
 * type-level interactions by these names, so they double as its vocabulary.
 */
export type Interaction =
  | 'read'
  | 'vread'
  | 'update'
  | 'delete'
  | 'history-instance'
  | 'history-type'
  | 'create'
  | 'search-type'
  | 'validate'
  | 'capabilities'
  | 'transaction'
  | 'patient-flag-read'
  | 'patient-flag-transaction'
  | 'provision-report';

/** What the body of a request on this route must be. */
export type BodyKind = 'none' | 'resource' | 'search-form';

export interface HandlerContext {
  readonly store: Store;
  readonly limits: Limits;
  /** Path parameters of the matched route. */
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body for `resource` routes, or the form fields for `search-form` routes. */
  readonly resource: unknown;
  readonly form: URLSearchParams | undefined;
  /** The route table being served, for the CapabilityStatement. */
  readonly routes: readonly RouteDef[];
  /** How to get a token (SMART Backend Services), for the CapabilityStatement; undefined without auth. */
  readonly security?: CapabilityStatementRestSecurity | undefined;
}

export type Handler = (exchange: Exchange, context: HandlerContext) => Promise<FhirResponse>;

export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the FHIR base; `:type` matches only `types`, `:id` and `:vid` match one segment. */
  readonly path: string;
  readonly interaction: Interaction;
  /** The resource types `:type` stands for; empty for routes without one. */
  readonly types: readonly string[];
  readonly body: BodyKind;
  /** Changes data: the authorise stage will ask for a write scope (`.cud`) here when auth lands. */
  readonly write: boolean;
  readonly handler: Handler;
}
