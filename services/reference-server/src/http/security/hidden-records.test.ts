import type { Bundle, Flag, Patient } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag, transactionBundle } from '../test-support/ra-resources.js';
import { bundleOf, messageIds, outcomeOf } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/**
 * security.md §7 C4, C10, C13 through the other doors: Bundle GET entries, PUT or DELETE by id,
 * and conditional creates (If-None-Exist). A York hospital user holding B0380 may write flags, but the patient who refused (recorded by
 * the GP) is not theirs to see, so it is not theirs to read back, change or remove either.
 */
let s: SecuredServer;
let hospital: string;
let gp: string;
let refusedId: string;
let flag: Flag;
let missingId: string;

beforeAll(async () => {
  s = await startSecuredServer();
  hospital = await s.token('demo-hospital-york', { user: USERS.manager });
  gp = await s.token('demo-gp-riverside', { user: USERS.manager });
  refusedId = await s.patientId(DEMO_PATIENTS.refused);
  const page = await s.server.store.search({
    resourceType: 'Flag',
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: refusedId }] }],
    sort: 'lastUpdated',
    count: 1,
  });
  flag = page.matches[0]?.resource as Flag;
  missingId = `${(flag.id ?? '').slice(0, -4)}0000`;
});
afterAll(async () => {
  await s.close();
});

const batch = (type: 'batch' | 'transaction', urls: readonly string[]): Bundle => ({
  resourceType: 'Bundle',
  type,
  entry: urls.map((url) => ({ request: { method: 'GET', url } })),
});

const storedVersion = async (): Promise<{ versionId: number; deleted: boolean } | undefined> => {
  const stored = await s.server.store.read('Flag', flag.id ?? '');
  return stored === undefined ? undefined : { versionId: stored.versionId, deleted: stored.deleted };
};

describe('records a caller may not see, through Bundles and writes by id', () => {
  it('answers batch GET entries for them exactly as for ids that do not exist', async () => {
    const answer = await s.fhir('', hospital, { method: 'POST', body: batch('batch', [`Flag/${flag.id}`, `Flag/${missingId}`, `Patient/${refusedId}`]) });
    expect(answer.status).toBe(200);
    const [hidden, missing, patient] = bundleOf(answer).entry ?? [];
    expect(hidden?.response?.status).toMatch(/^404/);
    expect(patient?.response?.status).toMatch(/^404/);
    expect(hidden?.resource).toBeUndefined();
    // The same outcome but for the entry index its expression names.
    const shape = (entry: typeof hidden): string => JSON.stringify(entry?.response?.outcome).replace(/entry\[\d+\]/g, 'entry[n]');
    expect(shape(hidden)).toBe(shape(missing));
    expect(answer.text).not.toContain('Reilly');
  });

  it('fails a transaction that reads one back with 404, as for a missing id', async () => {
    const hidden = await s.fhir('', hospital, { method: 'POST', body: batch('transaction', [`Flag/${flag.id}`]) });
    const missing = await s.fhir('', hospital, { method: 'POST', body: batch('transaction', [`Flag/${missingId}`]) });
    expect(hidden.status).toBe(404);
    expect(messageIds(hidden)).toEqual(messageIds(missing));
    expect(outcomeOf(hidden).issue[0]?.code).toBe('not-found');
    expect(hidden.text).not.toContain('Reilly');
  });

  it('answers a PUT with If-Match with 404, and leaves the record unchanged', async () => {
    const answer = await s.fhir(`/Flag/${flag.id}`, hospital, { method: 'PUT', body: { ...flag, status: 'inactive' }, headers: { 'If-Match': `W/"${flag.meta?.versionId}"` } });
    expect(answer.status).toBe(404);
    expect(messageIds(answer)).toEqual(['http.resource-not-found']);
    expect(await storedVersion()).toEqual({ versionId: 1, deleted: false });
  });

  it('answers a PUT without If-Match with 404 too (not an update-as-create over it)', async () => {
    const answer = await s.fhir(`/Flag/${flag.id}`, hospital, { method: 'PUT', body: { ...flag, status: 'inactive' } });
    expect(answer.status).toBe(404);
    expect(await storedVersion()).toEqual({ versionId: 1, deleted: false });
  });

  it('answers a DELETE with 404, exactly as for an id that does not exist, and removes nothing', async () => {
    const hidden = await s.fhir(`/Flag/${flag.id}`, hospital, { method: 'DELETE', headers: { 'If-Match': 'W/"1"' } });
    const missing = await s.fhir(`/Flag/${missingId}`, hospital, { method: 'DELETE', headers: { 'If-Match': 'W/"1"' } });
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    expect(await storedVersion()).toEqual({ versionId: 1, deleted: false });
  });

  it('answers a DELETE entry in a batch with 404, and removes nothing', async () => {
    const body: Bundle = { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'DELETE', url: `Flag/${flag.id}`, ifMatch: 'W/"1"' } }] };
    const answer = await s.fhir('', hospital, { method: 'POST', body });
    expect(bundleOf(answer).entry?.[0]?.response?.status).toMatch(/^404/);
    expect(await storedVersion()).toEqual({ versionId: 1, deleted: false });
  });

  it('lets the GP who recorded it read it back in a batch (the control)', async () => {
    const answer = await s.fhir('', gp, { method: 'POST', body: batch('batch', [`Flag/${flag.id}`]) });
    expect(bundleOf(answer).entry?.[0]?.response?.status).toMatch(/^200/);
    expect((bundleOf(answer).entry?.[0]?.resource as Flag | undefined)?.id).toBe(flag.id);
  });
});

describe('conditional creates that match a record the caller may not see', () => {
  it('answers POST /Flag with If-None-Exist matching a hidden Flag with 412, showing nothing and storing nothing', async () => {
    const before = await s.server.store.count({ resourceType: 'Flag', conditions: [] });
    const answer = await s.fhir('/Flag', hospital, { method: 'POST', body: adjustmentFlag(refusedId), headers: { 'If-None-Exist': `patient=${refusedId}` } });
    expect(answer.status).toBe(412);
    expect(messageIds(answer)).toEqual(['http.conditional-match-hidden']);
    expect(answer.text).not.toContain(flag.id ?? 'no id');
    expect(await s.server.store.count({ resourceType: 'Flag', conditions: [] })).toBe(before);
  });

  it('fails a transaction whose conditional create matches a hidden Flag with 412', async () => {
    const body: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: adjustmentFlag(refusedId), request: { method: 'POST', url: 'Flag', ifNoneExist: `patient=${refusedId}` } }],
    };
    const answer = await s.fhir('', hospital, { method: 'POST', body });
    expect(answer.status).toBe(412);
    expect(answer.text).not.toContain(flag.id ?? 'no id');
  });

  it('returns the match to the GP who may read it (the control)', async () => {
    const answer = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(refusedId), headers: { 'If-None-Exist': `patient=${refusedId}` } });
    expect(answer.status).toBe(200);
  });

  it('still finds the Patient by NHS number when recording a first record for someone with none yet', async () => {
    const bundle = transactionBundle();
    const [patientEntry] = bundle.entry ?? [];
    const patient = patientEntry?.resource as Patient;
    patient.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: DEMO_PATIENTS.noFlag }];
    if (patientEntry?.request !== undefined) patientEntry.request.ifNoneExist = `identifier=https://fhir.nhs.uk/Id/nhs-number|${DEMO_PATIENTS.noFlag}`;
    const answer = await s.fhir('', hospital, { method: 'POST', body: bundle });
    expect(answer.status, answer.text).toBe(200);
    expect(bundleOf(answer).entry?.[0]?.response?.location).toContain(await s.patientId(DEMO_PATIENTS.noFlag));
  });
});

