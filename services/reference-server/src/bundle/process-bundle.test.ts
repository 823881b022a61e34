import type { Bundle, BundleEntry, OperationOutcome, Patient, Resource } from 'fhir/r4.js';
import { issueId, patientToFhir } from '@raflag/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { processBundle } from './process-bundle.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';
import { SAMPLE_NHS_NUMBER, sampleTransaction } from './test-support/sample-record.js';

let temp: TempStore;
let store: Store;

beforeEach(async () => {
  temp = await openTempStore();
  store = temp.store;
});

afterEach(async () => {
  await temp.dispose();
});

function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') found.push(child);
      else referencesIn(child, found);
    }
  }
  return found;
}

const count = (resourceType: string) => store.count({ resourceType, conditions: [] });

function entriesOf(body: Bundle | OperationOutcome): BundleEntry[] {
  if (body.resourceType !== 'Bundle') throw new Error(`expected a Bundle, got ${JSON.stringify(body)}`);
  return body.entry ?? [];
}

function issueIds(body: Bundle | OperationOutcome): (string | undefined)[] {
  if (body.resourceType !== 'OperationOutcome') throw new Error('expected an OperationOutcome');
  return body.issue.map(issueId);
}

function patient(nhsNumber: string): Patient {
  return patientToFhir({ nhsNumber, name: { family: 'Tester' } });
}

/** Stores one Patient with a client-chosen id and returns it at version 1. */
async function storedPatient(id: string): Promise<void> {
  await store.transaction((tx) => tx.update({ ...patient('9990158398'), id }));
}

describe('processBundle: transaction', () => {
  it('commits the toFhir transaction and every reference resolves to a new server id', async () => {
    const bundle = sampleTransaction();
    const result = await processBundle(store, bundle, { baseUrl: 'http://localhost/fhir' });
    expect(result.status).toBe(200);
    const body = result.body as Bundle;
    expect(body.type).toBe('transaction-response');
    const entries = entriesOf(body);
    expect(entries).toHaveLength(bundle.entry?.length ?? -1);

    for (const [index, entry] of entries.entries()) {
      const sent = bundle.entry?.[index]?.resource as Resource;
      expect(entry.response).toMatchObject({ status: '201 Created', etag: 'W/"1"', lastModified: expect.any(String) });
      expect(entry.response?.location).toMatch(new RegExp(`^${sent.resourceType}/[A-Za-z0-9\\-.]+/_history/1$`));
      const [type = '', id = ''] = (entry.response?.location ?? '').split('/');
      expect(entry.fullUrl).toBe(`http://localhost/fhir/${type}/${id}`);
      const stored = await store.read(type, id);
      expect(stored?.resource?.resourceType).toBe(sent.resourceType);

      const references = referencesIn(stored?.resource);
      expect(references.filter((r) => r.startsWith('urn:uuid:'))).toEqual([]);
      // Relative references are the ones into this server; Spine directory URLs point elsewhere.
      const local = references.filter((r) => /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/.test(r));
      if (sent.resourceType !== 'Patient') expect(local.length).toBeGreaterThan(0);
      for (const reference of local) {
        const [refType = '', refId = ''] = reference.split('/');
        expect(await store.read(refType, refId), `${sent.resourceType} → ${reference}`).toBeDefined();
      }
    }
    // The PatientFlag points at the Patient and at every detail resource.
    const flagLocation = entries[1]?.response?.location ?? '';
    const flag = await store.read('Flag', flagLocation.split('/')[1] ?? '');
    const local = referencesIn(flag?.resource).filter((r) => /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/.test(r));
    expect(new Set(local)).toEqual(new Set(entries.slice(0, 1).concat(entries.slice(2)).map((e) => e.response?.location?.split('/_history')[0])));
  });

  it('creates the Patient only once: If-None-Exist finds it the second time', async () => {
    const first = await processBundle(store, sampleTransaction(), {});
    const second = await processBundle(store, sampleTransaction(), {});
    const firstPatient = entriesOf(first.body)[0]?.response;
    const secondPatient = entriesOf(second.body)[0]?.response;
    expect(firstPatient?.status).toBe('201 Created');
    expect(secondPatient?.status).toBe('200 OK');
    expect(secondPatient?.location).toBe(firstPatient?.location);
    expect(await count('Patient')).toBe(1);
    // The second PatientFlag was written against the existing Patient.
    const flagId = entriesOf(second.body)[1]?.response?.location?.split('/')[1] ?? '';
    const flag = await store.read('Flag', flagId);
    expect(referencesIn(flag?.resource)).toContain(firstPatient?.location?.split('/_history')[0]);
  });

  it('leaves nothing behind when its third entry fails on a stale If-Match', async () => {
    await storedPatient('existing');
    const bundle = sampleTransaction('9990237581');
    const entries = bundle.entry ?? [];
    const stalePut: BundleEntry = {
      fullUrl: 'urn:uuid:6b1f2c4e-0d7a-4c1e-9f53-3a2f1e0b9c11',
      resource: { ...patient('9990158398'), id: 'existing' },
      request: { method: 'PUT', url: 'Patient/existing', ifMatch: 'W/"7"' },
    };
    const failing: Bundle = { ...bundle, entry: [entries[0] as BundleEntry, entries[1] as BundleEntry, stalePut, ...entries.slice(2)] };

    const result = await processBundle(store, failing, {});
    expect(result.status).toBe(412);
    expect(issueIds(result.body)).toEqual(['http.version-conflict', 'bundle-process.rolled-back']);
    expect((result.body as OperationOutcome).issue[0]?.expression).toEqual(['Bundle.entry[2].request.ifMatch']);
    expect(await count('Patient')).toBe(1);
    expect(await count('Flag')).toBe(0);
    expect(await count('Condition')).toBe(0);
    expect(await count('Consent')).toBe(0);
    expect((await store.read('Patient', 'existing'))?.versionId).toBe(1);
  });

  it('honours a current If-Match and answers 428 when it is missing', async () => {
    await storedPatient('p1');
    const put = (ifMatch: string | undefined): Bundle => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { ...patient('9990158398'), id: 'p1' }, request: { method: 'PUT', url: 'Patient/p1', ...(ifMatch ? { ifMatch } : {}) } }],
    });
    const missing = await processBundle(store, put(undefined), {});
    expect(missing.status).toBe(428);
    expect(issueIds(missing.body)[0]).toBe('http.if-match-required');

    const current = await processBundle(store, put('W/"1"'), {});
    expect(current.status).toBe(200);
    expect(entriesOf(current.body)[0]?.response).toMatchObject({ status: '200 OK', etag: 'W/"2"', location: 'Patient/p1/_history/2' });
  });

  it('processes DELETE, POST, PUT, GET in that order whatever the entry order', async () => {
    await storedPatient('gone-soon');
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'GET', url: 'Patient/fresh' } },
        { resource: { ...patient('9990316775'), id: 'fresh' }, request: { method: 'PUT', url: 'Patient/fresh' } },
        { request: { method: 'DELETE', url: 'Patient/gone-soon', ifMatch: 'W/"1"' } },
      ],
    };
    const result = await processBundle(store, bundle, {});
    expect(result.status).toBe(200);
    const responses = entriesOf(result.body).map((e) => e.response?.status);
    // Answered in the entries' order, though the GET ran last (after the PUT created what it reads).
    expect(responses).toEqual(['200 OK', '201 Created', '204 No Content']);
    expect((await store.read('Patient', 'gone-soon'))?.deleted).toBe(true);
  });

  it.each([
    ['a malformed resource (base R4 structure)', 400, (b: Bundle) => ({ ...b, entry: [{ ...b.entry?.[0], resource: { ...(b.entry?.[0]?.resource as Patient), colour: 'blue' } }, ...(b.entry ?? []).slice(1)] })],
    ['a failed business rule (NHS number check digit)', 422, (_b: Bundle) => sampleTransactionWithBadNhsNumber()],
  ])('refuses %s with %i and stores nothing', async (_what, status, mutate) => {
    const result = await processBundle(store, mutate(sampleTransaction()) as Bundle, {});
    expect(result.status).toBe(status);
    expect(result.body.resourceType).toBe('OperationOutcome');
    expect(await count('Patient')).toBe(0);
    expect(await count('Flag')).toBe(0);
  });

  it.each([
    ['a collection Bundle', { resourceType: 'Bundle', type: 'collection', entry: [] }, 'bundle-process.type-unsupported'],
    ['a Bundle without a type', { resourceType: 'Bundle' }, 'bundle-process.type-unsupported'],
    ['a Patient', { resourceType: 'Patient' }, 'http.resource-type-mismatch'],
    ['a JSON array', [], 'http.resource-type-mismatch'],
  ])('answers 400 for %s', async (_what, body, id) => {
    const result = await processBundle(store, body, {});
    expect(result.status).toBe(400);
    expect(issueIds(result.body)).toEqual([id]);
  });

  it.each([
    ['PATCH', { method: 'PATCH', url: 'Patient/x' }, 'bundle-process.method-unsupported'],
    ['a conditional update', { method: 'PUT', url: 'Patient?identifier=x' }, 'bundle-process.conditional-unsupported'],
    ['a Provenance write', { method: 'PUT', url: 'Provenance/x' }, 'bundle-process.type-not-supported'],
  ])('answers 400 for %s and writes nothing', async (_what, request, id) => {
    const resourceType = request.url.split(/[/?]/)[0] ?? '';
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0b0b5c1e-4c36-4f0e-8d43-1c7f2b5a9e01', resource: patient('9990316775'), request: { method: 'POST', url: 'Patient' } },
        { resource: resourceType === 'Provenance' ? { resourceType: 'Provenance', id: 'x', target: [{ reference: 'Patient/x' }], recorded: '2026-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] } : { ...patient('9990395969'), id: 'x' }, request },
      ],
    };
    const result = await processBundle(store, bundle, {});
    expect(result.status).toBe(400);
    expect(issueIds(result.body)).toContain(id);
    expect(await count('Patient')).toBe(0);
  });

  it('replays the first answer for a repeated idempotency key without writing twice', async () => {
    const key = '1c5a7e52-3b8d-4f0a-9e6c-2d4b8a1f7c30';
    const first = await processBundle(store, sampleTransaction(), { idempotencyKey: key });
    const second = await processBundle(store, sampleTransaction(), { idempotencyKey: key });
    expect(first.replayed).toBeUndefined();
    expect(second).toEqual({ status: 200, body: first.body, replayed: true });
    expect(await count('Flag')).toBe(3);
  });
});

function sampleTransactionWithBadNhsNumber(): Bundle {
  const bundle = sampleTransaction();
  const [first, ...rest] = bundle.entry ?? [];
  const bad = { ...(first?.resource as Patient), identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000019' }] };
  return { ...bundle, entry: [{ ...first, resource: bad }, ...rest] };
}

describe('processBundle: batch', () => {
  it('carries out each entry on its own: successes stay, failures are per-entry OperationOutcomes', async () => {
    await storedPatient('p1');
    await storedPatient('p2');
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: patient('9990316775'), request: { method: 'POST', url: 'Patient' } },
        { resource: { ...patient('9990158398'), id: 'p1' }, request: { method: 'PUT', url: 'Patient/p1', ifMatch: 'W/"4"' } },
        { request: { method: 'GET', url: 'Patient/nobody' } },
        { request: { method: 'DELETE', url: 'Patient/p2', ifMatch: 'W/"1"' } },
        { resource: patient('9990316775'), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=https://fhir.nhs.uk/Id/nhs-number|9990316775` } },
      ],
    };
    const result = await processBundle(store, bundle, {});
    expect(result.status).toBe(200);
    expect((result.body as Bundle).type).toBe('batch-response');
    const responses = entriesOf(result.body).map((e) => e.response);
    expect(responses.map((r) => r?.status)).toEqual(['201 Created', '412 Precondition Failed', '404 Not Found', '204 No Content', '200 OK']);
    expect(responses[1]?.outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict' }] });
    expect(issueId((responses[2]?.outcome as OperationOutcome).issue[0] ?? { severity: 'error', code: 'x' })).toBe('http.resource-not-found');
    // The conditional create found the Patient the first entry made (DELETE, POST, PUT, GET order).
    expect(responses[4]?.location).toBe(responses[0]?.location);
    expect(await count('Patient')).toBe(2);
    expect((await store.read('Patient', 'p1'))?.versionId).toBe(1);
  });

  it('refuses an entry that points at another entry by urn:uuid', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { fullUrl: 'urn:uuid:5f2a1d7c-8e3b-4a6f-9c0d-1b2e3f4a5b6c', resource: patient('9990316775'), request: { method: 'POST', url: 'Patient' } },
        {
          resource: { resourceType: 'Patient', link: [{ other: { reference: 'urn:uuid:5f2a1d7c-8e3b-4a6f-9c0d-1b2e3f4a5b6c' }, type: 'seealso' }] },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };
    const result = await processBundle(store, bundle, {});
    const responses = entriesOf(result.body).map((e) => e.response?.status);
    expect(responses).toEqual(['201 Created', '400 Bad Request']);
  });
});

it('keeps the SAMPLE_NHS_NUMBER valid so the tests above test what they say', async () => {
  const { isValidNhsNumber } = await import('@raflag/core');
  expect(isValidNhsNumber(SAMPLE_NHS_NUMBER)).toBe(true);
  expect(isValidNhsNumber('9990000019')).toBe(false);
});
