import { Client } from 'fhir-kit-client';
import { AuthError, FhirHttpError, InvalidResponseError, NetworkError, RaflagClientError } from './errors.js';
import { httpError } from './http-error.js';
import { newRequestId } from './request-id.js';
import { retryAfterMs } from './retry-after.js';
import { retryDelay, retryPolicy, type RetryOptions, type RetryPolicy } from './retry-policy.js';
import type { TokenSource } from './smart-auth.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface FhirRequest {
  readonly method: HttpMethod;
  /** Relative to the FHIR base, query included (`Flag/1`, `PatientFlag?patient=…`); '' is the base itself. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FhirAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when the server sent none. */
  readonly body: unknown;
  readonly requestId: string;
}

export interface TransportOptions {
  readonly baseUrl: string;
  /** Leave out for a server that needs no token (the reference server with `--insecure-no-auth`). */
  readonly auth?: TokenSource | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Epoch milliseconds, for HTTP-date Retry-After values. */
  readonly now?: (() => number) | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The error shape fhir-kit-client throws for an HTTP answer it will not return. */
interface KitHttpFailure {
  readonly status: number;
  readonly data: unknown;
  readonly headers: Headers;
}

function kitHttpFailure(error: unknown): KitHttpFailure | undefined {
  if (!isObject(error) || !isObject(error['response']) || !isObject(error['config'])) return undefined;
  const status = error['response']['status'];
  const headers = error['config']['headers'];
  if (typeof status !== 'number' || !(headers instanceof Headers)) return undefined;
  return { status, data: error['response']['data'], headers };
}

/** A body fhir-kit-client could not parse reaches us as the raw text. */
const unparsed = (status: number, data: unknown) => status >= 200 && status < 300 && typeof data === 'string';

/**
 * Sends FHIR requests through fhir-kit-client with a bearer token, an X-Request-ID (the same one on
 * every retry of a request) and bounded retries for network errors, 429 and 503.
 */
export class FhirTransport {
  readonly baseUrl: string;
  private readonly kit: Client;
  private readonly auth: TokenSource | undefined;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.kit = new Client({ baseUrl: this.baseUrl });
    this.auth = options.auth;
    this.policy = retryPolicy(options.retry);
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  async send(request: FhirRequest): Promise<FhirAnswer> {
    const requestId = newRequestId();
    let renewedToken = false;
    for (let attempt = 1; ; attempt += 1) {
      let token: string | undefined;
      try {
        token = await this.auth?.accessToken();
        return await this.once(request, requestId, token);
      } catch (error) {
        if (error instanceof FhirHttpError && error.status === 401 && this.auth !== undefined && token !== undefined) {
          // The token may have been revoked or expired early: one fresh token, then give up.
          if (!renewedToken) {
            renewedToken = true;
            this.auth.invalidate(token);
            attempt -= 1;
            continue;
          }
          throw new AuthError('The server refused a freshly issued access token', { status: 401, cause: error });
        }
        const retryAfter = error instanceof FhirHttpError ? error.retryAfterMs : undefined;
        const wait = retryDelay(this.policy, attempt, error, retryAfter);
        if (wait === undefined) throw error;
        await this.sleep(wait);
      }
    }
  }

  private async once(request: FhirRequest, requestId: string, token: string | undefined): Promise<FhirAnswer> {
    const headers: Record<string, string> = { accept: 'application/fhir+json', 'x-request-id': requestId, ...request.headers };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const url = request.path === '' ? this.baseUrl : `${this.baseUrl}/${request.path}`;
    let result: unknown;
    try {
      // keepalive off: browsers cap keepalive bodies at 64 KiB, and a record Bundle can be larger.
      result = await this.kit.request(url, { method: request.method, body: request.body, options: { headers, keepalive: false } });
    } catch (error) {
      throw this.failure(error, requestId);
    }
    const response = isObject(result) ? Client.httpFor(result as Parameters<typeof Client.httpFor>[0]).response : undefined;
    if (response === undefined) throw new InvalidResponseError('The server answered without a response this client can read');
    const empty = isObject(result) && Object.keys(result).length === 0;
    return { status: response.status, headers: response.headers, body: empty ? undefined : result, requestId };
  }

  private failure(error: unknown, requestId: string): Error {
    const failure = kitHttpFailure(error);
    if (failure === undefined) {
      if (error instanceof RaflagClientError) return error;
      // fhir-kit-client attaches the response to the parsed body, which fails for a JSON null,
      // number or string: the server did answer, so this must not be retried as a network error.
      if (error instanceof TypeError && /defineProperty/.test(error.message)) {
        return new InvalidResponseError('The server answered with JSON that is not a resource');
      }
      return new NetworkError('The FHIR server could not be reached', error, requestId);
    }
    const { status, data, headers } = failure;
    if (status === 304) return new NotModified(headers, requestId);
    if (unparsed(status, data)) return new InvalidResponseError(`HTTP ${status} with a body that is not JSON`, { status });
    const mapped = httpError(status, typeof data === 'string' ? undefined : data, requestId);
    mapped.retryAfterMs = retryAfterMs(headers.get('retry-after'), this.now());
    return mapped;
  }
}

/** 304 travels as an error through fhir-kit-client; readIfModified turns it back into "unchanged". */
export class NotModified extends RaflagClientError {
  readonly headers: Headers;
  readonly requestId: string;

  constructor(headers: Headers, requestId: string) {
    super('HTTP 304 Not Modified');
    this.headers = headers;
    this.requestId = requestId;
  }
}
