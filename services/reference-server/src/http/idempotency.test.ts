import { randomUUID } from 'node:crypto';
import type { Patient } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patient } from './test-support/ra-resources.js';
import { bodyAs, bundleOf, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A Patient with its own NHS number, so a count tells how many were stored. */
function patientWith(nhsNumber: string): Patient {
  return { ...patient(), identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber }] };
}

async function countWith(nhsNumber: string): Promise<number | undefined> {
  return bundleOf(await send(`${server.base}/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${nhsNumber}&_summary=count`)).total;
}

const replayable = (res: Awaited<ReturnType<typeof send>>) => ({
  status: res.status,
  etag: res.headers.get('etag'),
  location: res.headers.get('location'),
  lastModified: res.headers.get('last-modified'),
  body: res.text,
});

describe('X-Request-ID idempotency', () => {
  it('a retried create returns the first response and stores one resource', async () => {
    const requestId = randomUUID();
    const body = patientWith('9000000009');
    const first = await send(`${server.base}/Patient`, { method: 'POST', body, headers: { 'X-Request-ID': requestId } });
    const retry = await send(`${server.base}/Patient`, { method: 'POST', body, headers: { 'X-Request-ID': requestId } });
    expect(first.status).toBe(201);
    expect(replayable(retry)).toEqual(replayable(first));
    expect(retry.headers.get('x-request-id')).toBe(requestId);
    expect(await countWith('9000000009')).toBe(1);
  });

  it('a retried update returns the first response and writes one version', async () => {
    const created = bodyAs<Patient>(await send(`${server.base}/Patient`, { method: 'POST', body: patient() }));
    const requestId = randomUUID();
    const request = { method: 'PUT', body: created, headers: { 'X-Request-ID': requestId, 'If-Match': 'W/"1"' } };
    const first = await send(`${server.base}/Patient/${created.id}`, request);
    const retry = await send(`${server.base}/Patient/${created.id}`, request);
    expect(first.status).toBe(200);
    expect(replayable(retry)).toEqual(replayable(first));
    const read = await send(`${server.base}/Patient/${created.id}`);
    expect(read.headers.get('etag')).toBe('W/"2"');
  });

  it('different request ids write separately', async () => {
    const body = patientWith('9000000017');
    await send(`${server.base}/Patient`, { method: 'POST', body, headers: { 'X-Request-ID': randomUUID() } });
    await send(`${server.base}/Patient`, { method: 'POST', body, headers: { 'X-Request-ID': randomUUID() } });
    expect(await countWith('9000000017')).toBe(2);
  });
});

describe('concurrency', () => {
  it('50 parallel PUTs with the same If-Match: exactly one 200 and 49 × 412', async () => {
    const created = bodyAs<Patient>(await send(`${server.base}/Patient`, { method: 'POST', body: patient() }));
    const url = `${server.base}/Patient/${created.id}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(url, { method: 'PUT', body: { ...created, gender: i % 2 ? 'male' : 'female' }, headers: { 'If-Match': 'W/"1"' } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    expect((await send(url)).headers.get('etag')).toBe('W/"2"');
  });

  it('50 parallel POSTs with the same X-Request-ID: one resource stored, 50 identical responses', async () => {
    const requestId = randomUUID();
    const body = patientWith('9000000025');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => send(`${server.base}/Patient`, { method: 'POST', body, headers: { 'X-Request-ID': requestId } })),
    );
    const first = replayable(results[0] as Awaited<ReturnType<typeof send>>);
    expect(first.status).toBe(201);
    for (const result of results) expect(replayable(result)).toEqual(first);
    expect(await countWith('9000000025')).toBe(1);
  });
});
