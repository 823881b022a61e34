import type { Flag, Patient } from 'fhir/r4.js';
import { errorsOf, validate } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag, condition, consent, patient } from './test-support/ra-resources.js';
import { bodyAs, bundleOf, messageIds, outcomeOf, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function createPatient(): Promise<Patient> {
  const created = await send(`${server.base}/Patient`, { method: 'POST', body: patient() });
  expect(created.status).toBe(201);
  return bodyAs<Patient>(created);
}

describe('create', () => {
  it('stores a valid resource and answers 201 with Location, ETag, Last-Modified and the resource', async () => {
    const p = await createPatient();
    const res = await send(`${server.base}/Flag`, { method: 'POST', body: adjustmentFlag(p.id as string) });
    expect(res.status).toBe(201);
    const flag = bodyAs<Flag>(res);
    expect(flag.resourceType).toBe('Flag');
    expect(flag.meta?.versionId).toBe('1');
    expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.headers.get('location')).toBe(`${server.base}/Flag/${flag.id}/_history/1`);
    expect(res.headers.get('last-modified')).toBe(new Date(flag.meta?.lastUpdated as string).toUTCString());
    const read = await send(`${server.base}/Flag/${flag.id}`);
    expect(read.status).toBe(200);
    expect(bodyAs<Flag>(read).code).toEqual(flag.code);
  });

  it.each(['Condition', 'Consent'] as const)('creates a %s', async (type) => {
    const p = await createPatient();
    const body = type === 'Condition' ? condition(p.id as string) : consent(p.id as string);
    const res = await send(`${server.base}/${type}`, { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(bodyAs<{ resourceType: string }>(res).resourceType).toBe(type);
  });

  it.each([
    ['minimal', 201, undefined],
    ['representation', 201, 'Patient'],
    ['OperationOutcome', 201, 'OperationOutcome'],
  ])('honours Prefer: return=%s', async (prefer, status, resourceType) => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: patient(), headers: { Prefer: `return=${prefer}` } });
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    if (resourceType === undefined) expect(res.text).toBe('');
    else expect(bodyAs<{ resourceType: string }>(res).resourceType).toBe(resourceType);
    if (resourceType === 'OperationOutcome') expect(messageIds(res)).toContain('http.created');
  });

  it('answers a profile failure with 422 and stores nothing', async () => {
    const p = await createPatient();
    const flag = adjustmentFlag(p.id as string);
    (flag.code?.coding?.[0] as { code: string }).code = '12345';
    const before = await send(`${server.base}/Flag?patient=Patient/${p.id}&_summary=count`);
    const res = await send(`${server.base}/Flag`, { method: 'POST', body: flag });
    expect(res.status).toBe(422);
    expect(outcomeOf(res).resourceType).toBe('OperationOutcome');
    expect(messageIds(res).length).toBeGreaterThan(0);
    expect(messageIds(res).every((id) => !id.startsWith('base.'))).toBe(true);
    const after = await send(`${server.base}/Flag?patient=Patient/${p.id}&_summary=count`);
    expect(bundleOf(after).total).toBe(bundleOf(before).total);
  });

  it.each([
    ['an unknown element', (f: Record<string, unknown>) => ({ ...f, colour: 'red' }), 'base.unknown-element', 'Flag.colour'],
    ['not an object', () => [1, 2], 'payload.not-object', undefined],
    ['no resourceType', (f: Record<string, unknown>) => ({ ...f, resourceType: undefined }), 'payload.no-resource-type', undefined],
  ])('answers %s with 400', async (_name, mutate, id, expression) => {
    const p = await createPatient();
    const body = mutate(adjustmentFlag(p.id as string) as unknown as Record<string, unknown>);
    const res = await send(`${server.base}/Flag`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toContain(id);
    if (expression) expect(outcomeOf(res).issue[0]?.expression).toEqual([expression]);
  });

  it('answers malformed JSON with 400 and the line and column', async () => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: '{"resourceType": "Patient",\n  "gender": }' });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['syntax.invalid-json']);
    expect(outcomeOf(res).issue[0]?.diagnostics).toContain('line 2');
  });

  it('answers a body of another type than the URL with 400', async () => {
    const res = await send(`${server.base}/Flag`, { method: 'POST', body: patient() });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['http.resource-type-mismatch']);
  });

  it('If-None-Exist: creates once, then answers 200 with the match and writes nothing', async () => {
    const unique = patient();
    unique.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }];
    const headers = { 'If-None-Exist': 'identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919' };
    const first = await send(`${server.base}/Patient`, { method: 'POST', body: unique, headers });
    expect(first.status).toBe(201);
    const second = await send(`${server.base}/Patient`, { method: 'POST', body: unique, headers });
    expect(second.status).toBe(200);
    const asOutcome = await send(`${server.base}/Patient`, { method: 'POST', body: unique, headers: { ...headers, Prefer: 'return=OperationOutcome' } });
    expect(asOutcome.status).toBe(200);
    expect(messageIds(asOutcome)).toEqual(['http.unchanged']);
    expect(bodyAs<Patient>(second).id).toBe(bodyAs<Patient>(first).id);
    const count = await send(`${server.base}/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919&_summary=count`);
    expect(bundleOf(count).total).toBe(1);
  });

  it('If-None-Exist matching more than one resource is a 412 and writes nothing', async () => {
    const twin = patient();
    twin.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9876543210' }];
    await send(`${server.base}/Patient`, { method: 'POST', body: twin });
    await send(`${server.base}/Patient`, { method: 'POST', body: twin });
    const headers = { 'If-None-Exist': 'identifier=https://fhir.nhs.uk/Id/nhs-number|9876543210' };
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: twin, headers });
    expect(res.status).toBe(412);
    expect(messageIds(res)).toEqual(['http.conditional-multiple-matches']);
    const count = await send(`${server.base}/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9876543210&_summary=count`);
    expect(bundleOf(count).total).toBe(2);
  });

  it('If-None-Exist with an unknown parameter is a 400', async () => {
    const res = await send(`${server.base}/Patient`, { method: 'POST', body: patient(), headers: { 'If-None-Exist': 'colour=red' } });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['http.search-parameter-unknown']);
  });
});

describe('read and vread', () => {
  it('answers 304 when If-None-Match names the current version', async () => {
    const p = await createPatient();
    const res = await send(`${server.base}/Patient/${p.id}`, { headers: { 'If-None-Match': 'W/"1"' } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('W/"1"');
    const stale = await send(`${server.base}/Patient/${p.id}`, { headers: { 'If-None-Match': 'W/"7"' } });
    expect(stale.status).toBe(200);
  });

  it('answers 404 for an unknown id, 400 for a malformed one', async () => {
    const missing = await send(`${server.base}/Patient/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(messageIds(missing)).toEqual(['http.resource-not-found']);
    const bad = await send(`${server.base}/Patient/${'x'.repeat(65)}`);
    expect(bad.status).toBe(400);
    expect(messageIds(bad)).toEqual(['http.id-invalid']);
  });

  it('vread returns each version; a version that never was is 404, a non-number 400', async () => {
    const p = await createPatient();
    const changed = { ...p, gender: 'unknown' };
    const put = await send(`${server.base}/Patient/${p.id}`, { method: 'PUT', body: changed, headers: { 'If-Match': 'W/"1"' } });
    expect(put.status).toBe(200);
    const v1 = await send(`${server.base}/Patient/${p.id}/_history/1`);
    expect(v1.status).toBe(200);
    expect(bodyAs<Patient>(v1).gender).toBe('male');
    expect(v1.headers.get('etag')).toBe('W/"1"');
    expect(v1.headers.get('content-location')).toBe(`${server.base}/Patient/${p.id}/_history/1`);
    const v2 = await send(`${server.base}/Patient/${p.id}/_history/2`);
    expect(bodyAs<Patient>(v2).gender).toBe('unknown');
    const never = await send(`${server.base}/Patient/${p.id}/_history/9`);
    expect(never.status).toBe(404);
    expect(messageIds(never)).toEqual(['http.version-not-found']);
    const notNumber = await send(`${server.base}/Patient/${p.id}/_history/one`);
    expect(notNumber.status).toBe(400);
    expect(messageIds(notNumber)).toEqual(['http.version-invalid']);
  });
});

describe('update', () => {
  it('needs If-Match (428), refuses a stale one (412) and accepts the current one (200)', async () => {
    const p = await createPatient();
    const url = `${server.base}/Patient/${p.id}`;
    const missing = await send(url, { method: 'PUT', body: p });
    expect(missing.status).toBe(428);
    expect(messageIds(missing)).toEqual(['http.if-match-required']);
    const stale = await send(url, { method: 'PUT', body: p, headers: { 'If-Match': 'W/"5"' } });
    expect(stale.status).toBe(412);
    expect(messageIds(stale)).toEqual(['http.version-conflict']);
    const ok = await send(url, { method: 'PUT', body: p, headers: { 'If-Match': 'W/"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expect(ok.headers.get('location')).toBeNull();
    expect(bodyAs<Patient>(ok).meta?.versionId).toBe('2');
  });

  it('answers a malformed If-Match with 400', async () => {
    const p = await createPatient();
    const res = await send(`${server.base}/Patient/${p.id}`, { method: 'PUT', body: p, headers: { 'If-Match': 'version one' } });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['http.if-match-invalid']);
  });

  it('refuses a body whose id is not the URL id (400)', async () => {
    const p = await createPatient();
    const res = await send(`${server.base}/Patient/${p.id}`, { method: 'PUT', body: { ...p, id: 'other' }, headers: { 'If-Match': 'W/"1"' } });
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['http.id-mismatch']);
    expect(outcomeOf(res).issue[0]?.expression).toEqual(['Patient.id']);
  });

  it('creates with the client id when the id is new (201 with Location)', async () => {
    const res = await send(`${server.base}/Patient/client-chosen-1`, { method: 'PUT', body: { ...patient(), id: 'client-chosen-1' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${server.base}/Patient/client-chosen-1/_history/1`);
  });

  it('honours Prefer: return=minimal and OperationOutcome', async () => {
    const p = await createPatient();
    const url = `${server.base}/Patient/${p.id}`;
    const minimal = await send(url, { method: 'PUT', body: p, headers: { 'If-Match': 'W/"1"', Prefer: 'return=minimal' } });
    expect(minimal.status).toBe(200);
    expect(minimal.text).toBe('');
    expect(minimal.headers.get('etag')).toBe('W/"2"');
    const outcome = await send(url, { method: 'PUT', body: p, headers: { 'If-Match': 'W/"2"', Prefer: 'return=OperationOutcome' } });
    expect(messageIds(outcome)).toEqual(['http.updated']);
  });

  it('validates before writing: a 422 leaves the resource as it was', async () => {
    const p = await createPatient();
    const created = await send(`${server.base}/Flag`, { method: 'POST', body: adjustmentFlag(p.id as string) });
    const flag = bodyAs<Flag>(created);
    (flag.code?.coding?.[0] as { code: string }).code = '12345';
    const res = await send(`${server.base}/Flag/${flag.id}`, { method: 'PUT', body: flag, headers: { 'If-Match': 'W/"1"' } });
    expect(res.status).toBe(422);
    const read = await send(`${server.base}/Flag/${flag.id}`);
    expect(read.headers.get('etag')).toBe('W/"1"');
  });
});

describe('delete', () => {
  it('needs If-Match, then the next read is 410 Gone and history keeps the tombstone', async () => {
    const p = await createPatient();
    const url = `${server.base}/Patient/${p.id}`;
    const missing = await send(url, { method: 'DELETE' });
    expect(missing.status).toBe(428);
    const stale = await send(url, { method: 'DELETE', headers: { 'If-Match': 'W/"3"' } });
    expect(stale.status).toBe(412);
    const ok = await send(url, { method: 'DELETE', headers: { 'If-Match': 'W/"1"' } });
    expect(ok.status).toBe(200);
    expect(messageIds(ok)).toEqual(['http.deleted']);
    const gone = await send(url);
    expect(gone.status).toBe(410);
    expect(messageIds(gone)).toEqual(['http.resource-gone']);
    const history = await send(`${url}/_history`);
    const entries = bundleOf(history).entry ?? [];
    expect(entries.map((e) => e.request?.method)).toEqual(['DELETE', 'POST']);
    expect(entries[0]?.resource).toBeUndefined();
    expect(errorsOf(validate(bundleOf(history)))).toEqual([]);
  });

  it('deleting what is already deleted changes nothing and is not an error', async () => {
    const p = await createPatient();
    const url = `${server.base}/Patient/${p.id}`;
    expect((await send(url, { method: 'DELETE', headers: { 'If-Match': 'W/"1"' } })).status).toBe(200);
    const again = await send(url, { method: 'DELETE', headers: { 'If-Match': 'W/"2"' } });
    expect(again.status).toBe(200);
    expect(messageIds(again)).toEqual(['http.already-deleted']);
    const history = bundleOf(await send(`${url}/_history`));
    expect(history.entry).toHaveLength(2);
  });

  it('answers 404 for an id that never existed', async () => {
    const res = await send(`${server.base}/Patient/never-was`, { method: 'DELETE', headers: { 'If-Match': 'W/"1"' } });
    expect(res.status).toBe(404);
  });
});

describe('history', () => {
  it('lists an instance\'s versions newest first with request and response', async () => {
    const p = await createPatient();
    await send(`${server.base}/Patient/${p.id}`, { method: 'PUT', body: p, headers: { 'If-Match': 'W/"1"' } });
    const res = await send(`${server.base}/Patient/${p.id}/_history`);
    expect(res.status).toBe(200);
    const bundle = bundleOf(res);
    expect(bundle.type).toBe('history');
    expect(bundle.entry?.map((e) => e.response?.etag)).toEqual(['W/"2"', 'W/"1"']);
    expect(bundle.entry?.map((e) => e.request?.method)).toEqual(['PUT', 'POST']);
  });

  it('lists a type\'s history and pages it with next links', async () => {
    const first = await send(`${server.base}/Patient/_history?_count=2`);
    expect(first.status).toBe(200);
    const bundle = bundleOf(first);
    expect(bundle.entry).toHaveLength(2);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const second = bundleOf(await send(next as string));
    expect(second.entry?.length).toBeGreaterThan(0);
    const ids = (b: typeof bundle) => (b.entry ?? []).map((e) => `${e.fullUrl}|${e.response?.etag}`);
    expect(ids(second).some((id) => ids(bundle).includes(id))).toBe(false);
  });

  it('answers 404 for the history of an unknown id, 400 for an unknown parameter', async () => {
    expect((await send(`${server.base}/Patient/nobody/_history`)).status).toBe(404);
    const res = await send(`${server.base}/Patient/_history?_since=2020-01-01`);
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual(['http.search-parameter-unknown']);
  });
});

describe('Provenance is read-only', () => {
  it.each(['POST /Provenance', 'PUT /Provenance/x', 'DELETE /Provenance/x'])('%s is 405', async (line) => {
    const [method, path] = line.split(' ') as [string, string];
    const res = await send(`${server.base}${path}`, { method, body: method === 'DELETE' ? undefined : { resourceType: 'Provenance' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(messageIds(res)).toEqual(['http.method-not-allowed']);
  });

  it('can be searched', async () => {
    const res = await send(`${server.base}/Provenance`);
    expect(res.status).toBe(200);
    expect(bundleOf(res).type).toBe('searchset');
  });
});

describe('$validate', () => {
  it.each([
    ['type level, valid', '/Patient/$validate', () => patient(), ['ok']],
    ['base level, valid', '/$validate', () => patient(), ['ok']],
    ['type level, invalid', '/Patient/$validate', () => ({ ...patient(), colour: 'red' }), ['base.unknown-element']],
    ['Parameters wrapping', '/$validate', () => ({ resourceType: 'Parameters', parameter: [{ name: 'resource', resource: { ...patient(), colour: 'red' } }] }), ['base.unknown-element']],
  ])('%s answers 200 with validate()\'s outcome', async (_name, path, body, ids) => {
    const res = await send(`${server.base}${path}`, { method: 'POST', body: body() });
    expect(res.status).toBe(200);
    expect(messageIds(res)).toEqual(ids);
  });
});
