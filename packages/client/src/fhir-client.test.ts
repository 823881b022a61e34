import type { Bundle, Flag, OperationOutcome } from 'fhir/r4.js';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  FhirHttpError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from './errors.js';
import { RaflagClient } from './raflag-client.js';
import { authHandlers, BASE, CLIENT_ID, clientKeys, TokenLog, unauthorised, type ClientKeys } from './test-support/fake-auth-server.js';
import { fhirJson, outcome, seen, UUID, type SeenRequest } from './test-support/fake-fhir.js';

const server = setupServer();
let keys: ClientKeys;
let log: TokenLog;
let requests: SeenRequest[];
let sleeps: number[];
let now: number;

beforeAll(async () => {
  keys = await clientKeys();
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  log = new TokenLog();
  requests = [];
  sleeps = [];
  now = Date.parse('2026-11-26T12:00:00Z');
  server.use(...authHandlers({ keys, log, now: () => now }));
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(): RaflagClient {
  return new RaflagClient({
    baseUrl: BASE,
    clientId: CLIENT_ID,
    privateKey: keys.privateJwk,
    alg: 'ES384',
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

const flag: Flag = {
  resourceType: 'Flag',
  id: 'f1',
  meta: { versionId: '3' },
  status: 'active',
  code: { coding: [{ system: 'http://snomed.info/sct', code: '1082681000000103' }] },
  subject: { reference: 'Patient/p1' },
};

/** Answers in turn with each of `answers` (the last one repeats), after checking the bearer token. */
function route(method: 'get' | 'post' | 'put' | 'delete', path: string, ...answers: (() => Response)[]) {
  let calls = 0;
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      requests.push(await seen(request));
      if (!log.isValid(request.headers.get('authorization'))) return unauthorised();
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer === undefined ? HttpResponse.error() : answer();
    }),
  );
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('reads', () => {
  it('reads a typed resource with a bearer token, an X-Request-ID and no keepalive', async () => {
    route('get', '/Flag/f1', () => fhirJson(flag, 200, { etag: 'W/"3"' }));
    const c = client();
    const read: Flag = await c.read('Flag', 'f1');
    expect(read).toEqual(flag);
    expect(c.knownVersion('Flag', 'f1')).toBe('3');
    expect(requests[0]).toMatchObject({ method: 'GET', authorization: 'Bearer token-1', keepalive: false });
    expect(requests[0]?.requestId).toMatch(UUID);
  });

  it('answers 404 with NotFoundError carrying the OperationOutcome', async () => {
    const body = outcome('not-found', 'Flag/f9 is not known');
    route('get', '/Flag/f9', () => fhirJson(body, 404));
    const error = await failure(client().read('Flag', 'f9'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, outcome: body, message: 'HTTP 404: Flag/f9 is not known' });
  });

  it('reads conditionally: 304 is undefined, 200 the newer resource', async () => {
    route('get', '/Flag/f1', () => new HttpResponse(null, { status: 304, headers: { etag: 'W/"3"' } }), () => fhirJson({ ...flag, meta: { versionId: '4' } }));
    const c = client();
    expect(await c.readIfModified('Flag', 'f1', '3')).toBeUndefined();
    expect((await c.readIfModified('Flag', 'f1', '3'))?.meta?.versionId).toBe('4');
  });

  it('searches with encoded parameters and returns a typed Bundle', async () => {
    const bundle: Bundle<Flag> = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: flag, search: { mode: 'match' } }] };
    route('get', '/Flag', () => fhirJson(bundle));
    const found = await client().search('Flag', { patient: 'Patient/p1', status: ['active', 'inactive'], _count: 10 });
    expect(found.entry?.[0]?.resource).toEqual(flag);
    expect(new URL(requests[0]?.url ?? '').search).toBe('?patient=Patient%2Fp1&status=active&status=inactive&_count=10');
  });

  it('rejects a body that is not JSON with InvalidResponseError', async () => {
    route('get', '/Flag/f1', () => new HttpResponse('{"resourceType": "Fl', { status: 200, headers: { 'content-type': 'application/fhir+json' } }));
    const error = await failure(client().read('Flag', 'f1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200 });
  });

  it.each([['null'], ['42'], ['"Flag"'], ['[]']])('rejects the JSON body %s with InvalidResponseError, without retrying', async (text) => {
    route('get', '/Flag/f1', () => new HttpResponse(text, { status: 200, headers: { 'content-type': 'application/fhir+json' } }));
    await expect(client().read('Flag', 'f1')).rejects.toBeInstanceOf(InvalidResponseError);
    expect(requests).toHaveLength(1);
  });

  it('rejects a resource of another type with InvalidResponseError', async () => {
    route('get', '/Flag/f1', () => fhirJson({ resourceType: 'Condition', id: 'f1' }));
    await expect(client().read('Flag', 'f1')).rejects.toThrow('HTTP 200 did not carry the expected Flag');
  });
});

describe('writes', () => {
  it('creates: 201 with a body returns what the server stored', async () => {
    const stored = { ...flag, id: 'new-1', meta: { versionId: '1' } };
    route('post', '/Flag', () => fhirJson(stored, 201, { location: `${BASE}/Flag/new-1/_history/1`, etag: 'W/"1"' }));
    const c = client();
    const { id: _id, meta: _meta, ...unsaved } = flag;
    expect(await c.create(unsaved)).toEqual(stored);
    expect(requests[0]).toMatchObject({ prefer: 'return=representation', body: unsaved });
    expect(requests[0]?.requestId).toMatch(UUID);
    expect(c.knownVersion('Flag', 'new-1')).toBe('1');
  });

  it('creates: 201 without a body returns the resource sent, with the id and version from Location and ETag', async () => {
    route('post', '/Flag', () => new HttpResponse(null, { status: 201, headers: { location: `${BASE}/Flag/new-2/_history/1`, etag: 'W/"1"' } }));
    const { id: _id, meta: _meta, ...unsaved } = flag;
    const created = await client().create(unsaved, { prefer: 'minimal' });
    expect(created).toEqual({ ...unsaved, id: 'new-2', meta: { versionId: '1' } });
    expect(requests[0]?.prefer).toBe('return=minimal');
  });

  it('creates: 201 with neither body nor Location is an InvalidResponseError', async () => {
    route('post', '/Flag', () => new HttpResponse(null, { status: 201 }));
    const { id: _id, ...unsaved } = flag;
    await expect(client().create(unsaved)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('updates with If-Match from the version the resource was read at', async () => {
    route('put', '/Flag/f1', () => fhirJson({ ...flag, status: 'inactive', meta: { versionId: '4' } }));
    const updated = await client().update({ ...flag, status: 'inactive' });
    expect(updated.meta?.versionId).toBe('4');
    expect(requests[0]).toMatchObject({ method: 'PUT', ifMatch: 'W/"3"' });
  });

  it('deletes with If-Match from the version this client last read', async () => {
    route('get', '/Flag/f1', () => fhirJson(flag));
    route('delete', '/Flag/f1', () => new HttpResponse(null, { status: 204 }));
    const c = client();
    await c.read('Flag', 'f1');
    await c.delete('Flag', 'f1');
    expect(requests[1]).toMatchObject({ method: 'DELETE', ifMatch: 'W/"3"' });
    expect(c.knownVersion('Flag', 'f1')).toBeUndefined();
  });

  it('412 on a stale version is PreconditionFailedError, not retried', async () => {
    const body = outcome('conflict', 'Version 3 is not current');
    route('put', '/Flag/f1', () => fhirJson(body, 412));
    const error = await failure(client().update(flag));
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error).toMatchObject({ status: 412, outcome: body });
    expect(requests).toHaveLength(1);
  });

  it('428 when no version is known is PreconditionRequiredError', async () => {
    route('delete', '/Flag/f1', () => fhirJson(outcome('required', 'If-Match is required'), 428));
    const error = await failure(client().delete('Flag', 'f1'));
    expect(error).toBeInstanceOf(PreconditionRequiredError);
    expect(requests[0]?.ifMatch).toBeNull();
  });

  it('posts a transaction to the base itself and learns the versions it wrote', async () => {
    const response: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [{ response: { status: '201 Created', location: 'Flag/f7/_history/1' } }],
    };
    route('post', '', () => fhirJson(response));
    const c = client();
    const sent: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: flag, request: { method: 'POST', url: 'Flag' } }] };
    expect(await c.transaction(sent)).toEqual(response);
    expect(requests[0]?.url).toBe(BASE);
    expect(requests[0]?.body).toEqual(sent);
    expect(c.knownVersion('Flag', 'f7')).toBe('1');
  });

  it('validates on the server with $validate and a profile', async () => {
    const answer: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'ok' }] };
    route('post', '/Flag/$validate', () => fhirJson(answer));
    expect(await client().validate(flag, { profile: 'https://example.test/Profile' })).toEqual(answer);
    expect(new URL(requests[0]?.url ?? '').searchParams.get('profile')).toBe('https://example.test/Profile');
  });
});

describe('retries', () => {
  it('429 with Retry-After, then success: waits as asked and reuses the X-Request-ID', async () => {
    const stored = { ...flag, id: 'n1', meta: { versionId: '1' } };
    route('post', '/Flag', () => fhirJson(outcome('throttled', 'Slow down'), 429, { 'retry-after': '2' }), () => fhirJson(stored, 201));
    const { id: _id, ...unsaved } = flag;
    expect(await client().create(unsaved)).toEqual(stored);
    expect(sleeps).toEqual([2_000]);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.requestId).toBe(requests[0]?.requestId);
  });

  it('503 with an HTTP-date Retry-After waits until that date', async () => {
    const later = new Date(now + 7_000).toUTCString();
    route('put', '/Flag/f1', () => fhirJson(outcome('transient', 'Maintenance'), 503, { 'retry-after': later }), () => fhirJson(flag));
    await client().update(flag);
    expect(sleeps).toEqual([7_000]);
    expect(requests[1]?.requestId).toBe(requests[0]?.requestId);
    expect(requests[1]?.ifMatch).toBe('W/"3"');
  });

  it('a network error, then success: backs off and reuses the X-Request-ID', async () => {
    route('post', '', () => HttpResponse.error(), () => fhirJson({ resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    await client().transaction({ resourceType: 'Bundle', type: 'transaction', entry: [] });
    expect(sleeps).toEqual([250]);
    expect(requests.map((r) => r.requestId)).toEqual([requests[0]?.requestId, requests[0]?.requestId]);
  });

  it('gives up after four tries with exponential backoff: 503 stays a FhirHttpError', async () => {
    route('delete', '/Flag/f1', () => fhirJson(outcome('transient', 'Overloaded'), 503));
    const error = await failure(client().delete('Flag', 'f1', { versionId: '3' }));
    expect(error).toBeInstanceOf(FhirHttpError);
    expect(error).toMatchObject({ status: 503 });
    expect(sleeps).toEqual([250, 500, 1_000]);
    expect(new Set(requests.map((r) => r.requestId)).size).toBe(1);
  });

  it('gives up on a server that never answers with NetworkError', async () => {
    route('get', '/Flag/f1', () => HttpResponse.error());
    const error = await failure(client().read('Flag', 'f1'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(4);
    expect((error as NetworkError).requestId).toBe(requests[0]?.requestId);
  });

  it.each([
    [500, () => fhirJson(outcome('exception', 'Internal error'), 500), 'Internal error'],
    [502, () => new HttpResponse('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }), 'HTTP 502 without an OperationOutcome'],
  ])('does not retry %d and keeps the outcome', async (status, answer, text) => {
    route('put', '/Flag/f1', answer);
    const error = await failure(client().update(flag));
    expect(error).toBeInstanceOf(FhirHttpError);
    expect(error).toMatchObject({ status });
    expect(JSON.stringify((error as FhirHttpError).outcome)).toContain(text);
    expect(requests).toHaveLength(1);
  });

  it('gives separate requests separate X-Request-IDs', async () => {
    route('get', '/Flag/f1', () => fhirJson(flag));
    const c = client();
    await c.read('Flag', 'f1');
    await c.read('Flag', 'f1');
    expect(requests[0]?.requestId).not.toBe(requests[1]?.requestId);
  });
});

describe('tokens', () => {
  it('renews the token before it expires', async () => {
    route('get', '/Flag/f1', () => fhirJson(flag));
    const c = client();
    await c.read('Flag', 'f1');
    now += 271_000;
    await c.read('Flag', 'f1');
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('fetches a new token once when the server refuses the current one', async () => {
    route('get', '/Flag/f1', () => fhirJson(flag));
    const c = client();
    await c.read('Flag', 'f1');
    log.revoked.add('token-1');
    expect(await c.read('Flag', 'f1')).toEqual(flag);
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
  });

  it('throws AuthError when a fresh token is refused too', async () => {
    server.use(http.get(`${BASE}/Flag/f1`, () => unauthorised()));
    const error = await failure(client().read('Flag', 'f1'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401 });
    expect(log.issued).toEqual(['token-1', 'token-2']);
  });

  it('throws AuthError without calling the FHIR server when the token endpoint refuses', async () => {
    server.use(http.post(`${BASE.replace('/fhir', '')}/oauth2/token`, () => HttpResponse.json({ error: 'invalid_client', error_description: 'unknown client' }, { status: 401 })));
    route('get', '/Flag/f1', () => fhirJson(flag));
    const error = await failure(client().read('Flag', 'f1'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ error: 'invalid_client', description: 'unknown client' });
    expect(requests).toHaveLength(0);
  });
});
