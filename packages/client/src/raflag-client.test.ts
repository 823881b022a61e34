import type { Bundle, BundleEntry, Consent, Flag } from 'fhir/r4.js';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRecordError, InvalidResponseError, NotFoundError } from './errors.js';
import { RaflagClient } from './raflag-client.js';
import { authHandlers, BASE, CLIENT_ID, clientKeys, TokenLog, unauthorised, type ClientKeys } from './test-support/fake-auth-server.js';
import { fhirJson, seen, type SeenRequest } from './test-support/fake-fhir.js';
import { laterRecorded, newRecord, NHS_NUMBER, recorded, storedSearchset } from './test-support/record-fixtures.js';

const server = setupServer();
let keys: ClientKeys;
let log: TokenLog;
let requests: SeenRequest[];

beforeAll(async () => {
  keys = await clientKeys('RS384');
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  log = new TokenLog();
  requests = [];
  server.use(...authHandlers({ keys, log, alg: 'RS384' }));
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new RaflagClient({ baseUrl: BASE, clientId: CLIENT_ID, privateKey: keys.privateJwk, alg: 'RS384', sleep: async () => {} });

/** The stored record behind PatientFlag?patient=…, and a transaction endpoint that records what it was sent. */
function storedRecord(searchset: Bundle = storedSearchset(BASE)): void {
  server.use(
    http.get(`${BASE}/PatientFlag`, async ({ request }) => {
      requests.push(await seen(request));
      if (!log.isValid(request.headers.get('authorization'))) return unauthorised();
      const patient = new URL(request.url).searchParams.get('patient');
      return fhirJson(patient === NHS_NUMBER ? searchset : { resourceType: 'Bundle', type: 'searchset', entry: [] });
    }),
    http.post(BASE, async ({ request }) => {
      requests.push(await seen(request));
      if (!log.isValid(request.headers.get('authorization'))) return unauthorised();
      const sent = (await request.json()) as Bundle;
      const entry = (sent.entry ?? []).map((e): BundleEntry => ({ response: { status: e.request?.method === 'DELETE' ? '204 No Content' : '200 OK' } }));
      return fhirJson({ resourceType: 'Bundle', type: 'transaction-response', entry });
    }),
  );
}

const sentTransaction = (): Bundle => requests.find((r) => r.method === 'POST')?.body as Bundle;
const entryFor = (bundle: Bundle, url: string) => bundle.entry?.find((e) => e.request?.url === url);

describe('getRecord', () => {
  it('reads PatientFlag?patient=… into a record with the server ids', async () => {
    storedRecord();
    const record = await client().getRecord(NHS_NUMBER);
    expect(new URL(requests[0]?.url ?? '').search).toBe(`?patient=${NHS_NUMBER}`);
    expect(record.patient.nhsNumber).toBe(NHS_NUMBER);
    expect(record.patientFlag?.id).toBe('pf1');
    expect(record.adjustments.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(record.impairments.map((i) => i.id)).toEqual(['c1']);
    expect(record.consent).toMatchObject({ id: 'k1', state: 'given', basis: 'best-interest' });
  });

  it('ignores search outcomes in the Bundle', async () => {
    const searchset = storedSearchset(BASE);
    searchset.entry?.push({ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'informational' }] }, search: { mode: 'outcome' } });
    storedRecord(searchset);
    expect((await client().getRecord(NHS_NUMBER)).adjustments).toHaveLength(2);
  });

  it('is NotFoundError for a patient with no flag', async () => {
    storedRecord();
    await expect(client().getRecord('9434765919')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is InvalidResponseError, with what fromFhir found, when the record cannot be read', async () => {
    const searchset = storedSearchset(BASE);
    const flag = searchset.entry?.[2]?.resource as Flag;
    flag.category = [{ coding: [{ system: 'https://example.test/unknown', code: 'x' }] }];
    storedRecord(searchset);
    const error = await client().getRecord(NHS_NUMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).outcome?.issue.some((i) => i.severity === 'error')).toBe(true);
  });
});

describe('saveRecord', () => {
  it('writes a new record as one transaction of creates', async () => {
    storedRecord();
    await client().saveRecord(newRecord());
    const sent = sentTransaction();
    expect(sent.type).toBe('transaction');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(sent.entry?.map((e) => e.request?.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'POST', 'POST']);
    expect(entryFor(sent, 'Patient')?.request?.ifNoneExist).toBe(`identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS_NUMBER}`);
  });

  it('updates what it read with If-Match from the versions read, and creates what is new', async () => {
    storedRecord(storedSearchset(BASE, newRecord(), '5'));
    const c = client();
    const record = await c.getRecord(NHS_NUMBER);
    await c.saveRecord({ ...record, adjustments: [...record.adjustments, { category: 'bespoke-reasonable-adjustments', description: 'First appointment of the day', recorded }] });
    const sent = sentTransaction();
    for (const url of ['Flag/pf1', 'Consent/k1', 'Flag/a1', 'Flag/a2', 'Condition/c1']) {
      expect(entryFor(sent, url)?.request).toMatchObject({ method: 'PUT', ifMatch: 'W/"5"' });
    }
    expect(sent.entry?.filter((e) => e.request?.method === 'POST' && e.request.url === 'Flag')).toHaveLength(1);
    expect(requests.at(-1)?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an invalid record without sending anything', async () => {
    storedRecord();
    const record = { ...newRecord(), patient: { nhsNumber: '9912003889' } };
    const error = await client().saveRecord(record).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).outcome.issue[0]?.expression?.[0]).toBe('RaRecord.patient.nhsNumber');
    expect(requests).toHaveLength(0);
  });
});

describe('consent', () => {
  it('withdraws consent as RAREVOKED with the reason, keeping the flag’s own provenance', async () => {
    storedRecord();
    await client().withdrawConsent(NHS_NUMBER, 'Patient asked for sharing to stop.', laterRecorded);
    const sent = sentTransaction();
    const consent = entryFor(sent, 'Consent/k1');
    expect(consent?.request?.ifMatch).toBe('W/"2"');
    const resource = consent?.resource as Consent;
    expect(resource.status).toBe('inactive');
    expect(resource.provision?.purpose?.[0]?.code).toBe('RAREVOKED');
    expect(JSON.stringify(resource.extension)).toContain('Patient asked for sharing to stop.');
    const flag = entryFor(sent, 'Flag/pf1')?.resource as Flag;
    expect(JSON.stringify(flag.contained)).toContain('2026-11-20T10:15:00Z');
    expect(JSON.stringify(flag.contained)).not.toContain('2026-11-25T09:00:00Z');
  });

  it('records a new consent in place of the current one', async () => {
    storedRecord();
    const consent = { basis: 'patient' as const, state: 'given' as const, recorded: laterRecorded, sharing: { permit: [], deny: [{ odsCode: 'LHCRE1' }] } };
    await client().recordConsent(NHS_NUMBER, consent);
    const resource = entryFor(sentTransaction(), 'Consent/k1')?.resource as Consent;
    expect(resource.status).toBe('active');
    expect(resource.policyRule?.coding?.[0]?.code).toBe('001');
    expect(resource.provision?.provision?.[0]?.type).toBe('deny');
  });

  it('cannot withdraw a consent the record does not have', async () => {
    const { consent: _consent, ...withoutConsent } = newRecord();
    storedRecord(storedSearchset(BASE, withoutConsent));
    await expect(client().withdrawConsent(NHS_NUMBER, 'No longer wanted', laterRecorded)).rejects.toBeInstanceOf(NotFoundError);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});

describe('removeAdjustment', () => {
  it('deletes the Flag and drops it from the PatientFlag in one transaction', async () => {
    storedRecord();
    await client().removeAdjustment(NHS_NUMBER, 'a1');
    const sent = sentTransaction();
    expect(entryFor(sent, 'Flag/a1')?.request).toEqual({ method: 'DELETE', url: 'Flag/a1', ifMatch: 'W/"2"' });
    const patientFlag = entryFor(sent, 'Flag/pf1');
    expect(patientFlag?.request?.ifMatch).toBe('W/"2"');
    const details = (patientFlag?.resource as Flag).extension?.map((e) => e.valueReference?.reference);
    expect(details).toEqual(['Consent/k1', 'Flag/a2', 'Condition/c1'].map((url) => entryFor(sent, url)?.fullUrl));
    expect(sent.entry?.filter((e) => e.request?.url === 'Flag/a1')).toHaveLength(1);
  });

  it('is NotFoundError for an adjustment the record does not have', async () => {
    storedRecord();
    await expect(client().removeAdjustment(NHS_NUMBER, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('options', () => {
  it('needs clientId, privateKey and alg together', () => {
    expect(() => new RaflagClient({ baseUrl: BASE, clientId: CLIENT_ID })).toThrow('SMART Backend Services needs clientId, privateKey and alg together');
  });

  it('talks to a server without auth when none is configured', async () => {
    server.use(http.get(`${BASE}/Flag/f1`, async ({ request }) => {
      requests.push(await seen(request));
      return HttpResponse.json({ resourceType: 'Flag', id: 'f1', status: 'active', code: {}, subject: {} });
    }));
    await new RaflagClient({ baseUrl: `${BASE}/` }).read('Flag', 'f1');
    expect(requests[0]?.authorization).toBeNull();
    expect(requests[0]?.url).toBe(`${BASE}/Flag/f1`);
  });
});
