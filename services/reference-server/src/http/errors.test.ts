import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import type { AuditTrail, Store } from '../store/store.js';
import { patient } from './test-support/ra-resources.js';
import { messageIds, outcomeOf, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    limits: { bodyBytes: 4096, jsonDepth: 8, arrayLength: 5, stringLength: 100, headerBytes: 2048, urlLength: 512 },
  });
});
afterAll(async () => {
  await server.close();
});

/** Every error answer is an OperationOutcome in FHIR JSON. */
function expectOutcome(res: Awaited<ReturnType<typeof send>>, status: number, id: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
  expect(outcomeOf(res).resourceType).toBe('OperationOutcome');
  expect(messageIds(res)).toEqual([id]);
}

describe('routing errors', () => {
  it.each([
    ['/fhir/Observation', 'an unknown resource type'],
    ['/fhir/Flag/1/_history/1/extra', 'an unknown path under the base'],
    ['/nothing-here', 'a path outside /fhir'],
  ])('404 for %s (%s)', async (path) => {
    expectOutcome(await send(`${server.origin}${path}`), 404, 'http.route-not-found');
  });

  it.each([
    ['DELETE', '/Flag', 'GET, POST'],
    ['PATCH', '/Flag/abc', 'DELETE, GET, PUT'],
    ['GET', '/Flag/_search', 'POST'],
    ['DELETE', '/PatientFlag', 'GET, POST'],
    ['PUT', '/metadata', 'GET'],
  ])('405 for %s %s with Allow: %s', async (method, path, allow) => {
    const res = await send(`${server.base}${path}`, { method });
    expectOutcome(res, 405, 'http.method-not-allowed');
    expect(res.headers.get('allow')).toBe(allow);
  });
});

describe('content negotiation', () => {
  it.each(['application/xml', 'text/html', 'application/fhir+json;q=0'])('406 for Accept: %s', async (accept) => {
    expectOutcome(await send(`${server.base}/metadata`, { headers: { Accept: accept } }), 406, 'http.not-acceptable');
  });

  it('406 for _format=xml', async () => {
    expectOutcome(await send(`${server.base}/metadata?_format=xml`), 406, 'http.not-acceptable');
  });

  it.each(['application/fhir+json', 'application/json', '*/*', 'text/html, application/json;q=0.5'])('200 for Accept: %s', async (accept) => {
    expect((await send(`${server.base}/metadata`, { headers: { Accept: accept } })).status).toBe(200);
  });

  it.each(['text/plain', 'application/xml', 'application/fhir+json; charset=latin1'])('415 for a body of Content-Type %s', async (type) => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: JSON.stringify(patient()), headers: { 'Content-Type': type } });
    expectOutcome(res, 415, 'http.unsupported-media-type');
  });

  it('accepts application/json bodies', async () => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: JSON.stringify(patient()), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(201);
  });

  it('400 for a write with no body', async () => {
    expectOutcome(await send(`${server.base}/Patient`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' } }), 400, 'http.body-missing');
  });
});

describe('request limits', () => {
  it('413 for a body over the byte limit, refused on its declared length', async () => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: `{"resourceType":"Patient","x":"${'a'.repeat(5000)}"}` });
    expectOutcome(res, 413, 'http.body-too-large');
  });

  it('413 for a chunked body (no Content-Length) that grows past the limit', async () => {
    const chunk = new TextEncoder().encode(`{"resourceType":"Patient","x":"${'a'.repeat(1000)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.base}/Patient`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/fhir+json' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('http.body-too-large');
  });

  it('400 for JSON nested deeper than the limit', async () => {
    const body = `{"resourceType":"Patient","extension":${'['.repeat(10)}${']'.repeat(10)}}`;
    expectOutcome(await send(`${server.base}/Patient`, { method: 'POST', body }), 400, 'http.json-too-deep');
  });

  it('413 for an array longer than the limit', async () => {
    const body = JSON.stringify({ ...patient(), name: Array.from({ length: 6 }, () => ({ family: 'Mann' })) });
    expectOutcome(await send(`${server.base}/Patient`, { method: 'POST', body }), 413, 'http.array-too-long');
  });

  it('413 for a string longer than the limit', async () => {
    const body = JSON.stringify({ ...patient(), name: [{ family: 'M'.repeat(101) }] });
    expectOutcome(await send(`${server.base}/Patient`, { method: 'POST', body }), 413, 'http.string-too-long');
  });

  it('accepts a payload right at the limits', async () => {
    const body = JSON.stringify({ ...patient(), name: Array.from({ length: 5 }, () => ({ family: 'M'.repeat(100) })) });
    expect((await send(`${server.base}/Patient`, { method: 'POST', body })).status).toBe(201);
  });

  it('414 for a URL over the limit', async () => {
    expectOutcome(await send(`${server.base}/Flag?code=${'x'.repeat(600)}`), 414, 'http.url-too-long');
  });

  it('431 for headers over the limit', async () => {
    expectOutcome(await send(`${server.base}/metadata`, { headers: { 'X-Padding': 'p'.repeat(3000) } }), 431, 'http.headers-too-large');
  });
});

describe('request ids', () => {
  it('400 for an X-Request-ID that is not a UUID', async () => {
    expectOutcome(await send(`${server.base}/metadata`, { headers: { 'X-Request-ID': 'not-a-uuid' } }), 400, 'http.request-id-invalid');
  });

  it('echoes X-Request-ID and X-Correlation-ID', async () => {
    const requestId = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const res = await send(`${server.base}/metadata`, { headers: { 'X-Request-ID': requestId, 'X-Correlation-ID': 'trace-42' } });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(res.headers.get('x-correlation-id')).toBe('trace-42');
  });

  it('makes up a request id when the client sends none', async () => {
    const res = await send(`${server.base}/metadata`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unexpected failures', () => {
  it('answer a generic 500 OperationOutcome and log the detail, leaking no SQL or path', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'error', destination });
    const failing = await startTestServer({
      logger,
      // Everything else (the audit write included) still works, as it would with one bad page.
      wrapStore: (store: Store & AuditTrail): Store & AuditTrail =>
        Object.assign(Object.create(store) as Store & AuditTrail, {
          read: () => Promise.reject(new Error('SQLITE_CORRUPT: SELECT body FROM versions in /var/lib/raflag/raflag.sqlite')),
        }),
    });
    try {
      const res = await send(`${failing.base}/Patient/abc`);
      expectOutcome(res, 500, 'http.internal-error');
      expect(res.text).not.toMatch(/SQLITE|SELECT|\/var\/lib|at .*\.ts/);
      expect(lines.join('')).toContain('SQLITE_CORRUPT');
    } finally {
      await failing.close();
    }
  });
});

describe('createApp', () => {
  it('refuses to build an app with neither security nor insecureNoAuth', () => {
    expect(() => createApp({ store: server.store, insecureNoAuth: false })).toThrow(/needs security/);
  });
});

describe('health', () => {
  it.each(['/healthz', '/readyz'])('%s answers 200', async (path) => {
    expect((await send(`${server.origin}${path}`)).status).toBe(200);
  });
});
