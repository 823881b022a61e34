import { AuthError } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The global fetch, looked up at call time so test interceptors and polyfills installed later are used. */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function jsonBody(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    throw new AuthError(`${what} answered HTTP ${response.status} with a body that is not JSON`, { status: response.status });
  }
}

async function send(fetch: FetchLike, url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new AuthError(`${what} could not be reached`, { cause });
  }
}

/** `token_endpoint` from the server's `.well-known/smart-configuration`. */
export async function discoverTokenEndpoint(fetch: FetchLike, fhirBase: string): Promise<string> {
  const url = `${fhirBase.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  const what = 'SMART discovery';
  const response = await send(fetch, url, { headers: { accept: 'application/json' } }, what);
  const body = await jsonBody(response, what);
  if (!response.ok) throw new AuthError(`${what} answered HTTP ${response.status}`, { status: response.status });
  const endpoint = isObject(body) ? body['token_endpoint'] : undefined;
  if (typeof endpoint !== 'string' || endpoint === '') throw new AuthError(`${what} has no token_endpoint`);
  // A relative endpoint is resolved against the configuration's own URL.
  return new URL(endpoint, url).toString();
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly scope: string | undefined;
}

/** Posts a client_credentials grant with a signed assertion; RFC 6749 errors become AuthError. */
export async function requestToken(fetch: FetchLike, tokenUrl: string, assertion: string, scope: string): Promise<IssuedToken> {
  const what = 'The token endpoint';
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope,
  });
  const response = await send(
    fetch,
    tokenUrl,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
    what,
  );
  const body = await jsonBody(response, what);
  if (!response.ok) {
    const error = isObject(body) && typeof body['error'] === 'string' ? body['error'] : undefined;
    const description = isObject(body) && typeof body['error_description'] === 'string' ? body['error_description'] : undefined;
    const detail = [error, description].filter((part) => part !== undefined).join(': ');
    throw new AuthError(`${what} refused the request (HTTP ${response.status}${detail === '' ? '' : `, ${detail}`})`, {
      status: response.status,
      error,
      description,
    });
  }
  const accessToken = isObject(body) ? body['access_token'] : undefined;
  const tokenType = isObject(body) ? body['token_type'] : undefined;
  const expiresIn = isObject(body) ? body['expires_in'] : undefined;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new AuthError(`${what} answered without a bearer access_token`, { status: response.status });
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new AuthError(`${what} answered without a positive expires_in`, { status: response.status });
  }
  const granted = isObject(body) && typeof body['scope'] === 'string' ? body['scope'] : undefined;
  return { accessToken, expiresInSeconds: expiresIn, scope: granted };
}
