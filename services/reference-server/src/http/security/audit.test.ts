import { randomUUID } from 'node:crypto';
import type { AuditEvent, Bundle } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag } from '../test-support/ra-resources.js';
import { bundleOf, type Received, type SentRequest } from '../test-support/test-server.js';
import { auditEventsAbout, newestAuditEvents, requestIdOf } from './test-support/audit-trail.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 H1–H3 and C19: one AuditEvent per request on patient data, whatever the answer. */
let s: SecuredServer;
const tokens: Record<string, string> = {};
let permittedId: string;
let refusedId: string;
let flagId: string;
let refusedFlagId: string;

const firstFlag = async (patientId: string): Promise<string> =>
  (
    await s.server.store.search({
      resourceType: 'Flag',
      conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
      sort: 'lastUpdated',
      count: 1,
    })
  ).matches[0]?.id ?? 'none';

beforeAll(async () => {
  s = await startSecuredServer();
  permittedId = await s.patientId(DEMO_PATIENTS.permitted);
  refusedId = await s.patientId(DEMO_PATIENTS.refused);
  flagId = await firstFlag(permittedId);
  refusedFlagId = await firstFlag(refusedId);
  tokens['gp'] = await s.token('demo-gp-riverside', { user: USERS.manager });
  tokens['reader'] = await s.token('demo-gp-riverside', { user: USERS.reader });
  tokens['existence'] = await s.token('demo-gp-riverside', { user: USERS.existence });
  tokens['hospital'] = await s.token('demo-hospital-york', { user: USERS.reader });
  tokens['yhcr'] = await s.token('demo-lhcre-yhcr');
  tokens['auditor'] = await s.token('demo-auditor-riverside');
});
afterAll(async () => {
  await s.close();
});

const token = (name: string | undefined): string | undefined => (name === undefined ? undefined : name === 'garbage' ? 'x.y.z' : tokens[name]);

interface Case {
  readonly name: string;
  readonly caller: string | undefined;
  readonly path: () => string;
  readonly request?: () => SentRequest;
  readonly status: number;
}

const CASES: readonly Case[] = [
  { name: 'a read (200)', caller: 'gp', path: () => `/Flag/${flagId}`, status: 200 },
  { name: 'a search (200)', caller: 'gp', path: () => `/Flag?patient=${permittedId}`, status: 200 },
  { name: 'a PatientFlag read (200)', caller: 'yhcr', path: () => `/PatientFlag?patient=${DEMO_PATIENTS.permitted}`, status: 200 },
  { name: 'a create (201)', caller: 'gp', path: () => '/Flag', request: () => ({ method: 'POST', body: adjustmentFlag(permittedId) }), status: 201 },
  { name: 'no token (401)', caller: undefined, path: () => `/Flag?patient=${permittedId}`, status: 401 },
  { name: 'a garbage token (401)', caller: 'garbage', path: () => `/Flag/${flagId}`, status: 401 },
  { name: 'an LHCRE writing (403)', caller: 'yhcr', path: () => '/Flag', request: () => ({ method: 'POST', body: adjustmentFlag(permittedId) }), status: 403 },
  { name: 'a reader writing (403)', caller: 'reader', path: () => '/Flag', request: () => ({ method: 'POST', body: adjustmentFlag(permittedId) }), status: 403 },
  { name: 'a count by a filtered caller (403)', caller: 'yhcr', path: () => `/Flag?patient=${permittedId}&_summary=count`, status: 403 },
  { name: 'a consent-denied read (404)', caller: 'yhcr', path: () => `/Flag/${refusedFlagId}`, status: 404 },
  { name: 'a read of an id that does not exist (404)', caller: 'gp', path: () => `/Flag/${flagId.slice(0, -4)}0000`, status: 404 },
  { name: 'a recording refused by consent (422)', caller: 'gp', path: () => '/Flag', request: () => ({ method: 'POST', body: adjustmentFlag(refusedId) }), status: 422 },
];

async function sendAudited(c: Case, requestId: string): Promise<Received> {
  const request = c.request?.() ?? {};
  return s.fhir(c.path(), token(c.caller), { ...request, headers: { ...request.headers, 'X-Request-ID': requestId } });
}

describe('one AuditEvent per request on patient data', () => {
  it.each(CASES)('writes exactly one for $name, carrying the X-Request-ID', async (c) => {
    const requestId = randomUUID();
    const before = await s.auditCount();
    const answer = await sendAudited(c, requestId);
    expect(answer.status, answer.text).toBe(c.status);
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    expect(await s.auditCount()).toBe(before + 1);
    const [event] = await newestAuditEvents(s.server.store, 1);
    expect(requestIdOf(event)).toBe(requestId);
    // Success is outcome 0; every refusal is recorded as a failure with a reason, never patient data.
    if (c.status < 400) {
      expect(event?.outcome).toBe('0');
    } else {
      expect(event?.outcome).not.toBe('0');
      expect(event?.outcomeDesc ?? '').not.toMatch(/\d{10}/);
    }
  });

  it('names the client, organisation and user who looked, and the patient looked at', async () => {
    const requestId = randomUUID();
    await s.fhir(`/Flag/${flagId}`, token('hospital'), { headers: { 'X-Request-ID': requestId } });
    const [event] = await newestAuditEvents(s.server.store, 1);
    expect(requestIdOf(event)).toBe(requestId);
    const agents = JSON.stringify(event?.agent);
    expect(agents).toContain('demo-hospital-york');
    expect(agents).toContain('RCB');
    expect(agents).toContain(USERS.reader.id);
    expect(event?.entity?.some((e) => e.what?.reference === `Patient/${permittedId}`)).toBe(true);
    expect(event?.entity?.some((e) => e.what?.reference === `Flag/${flagId}`)).toBe(true);
  });

  it('records a consent denial as a failure naming the consent rule and the patient, not as a plain 404', async () => {
    const requestId = randomUUID();
    expect((await s.fhir(`/Flag/${refusedFlagId}`, token('yhcr'), { headers: { 'X-Request-ID': requestId } })).status).toBe(404);
    const [event] = await newestAuditEvents(s.server.store, 1);
    expect(requestIdOf(event)).toBe(requestId);
    expect(event?.outcome).not.toBe('0');
    expect(event?.outcomeDesc).toMatch(/consent/);
    expect(event?.entity?.some((e) => e.what?.reference === `Patient/${refusedId}`)).toBe(true);
    expect(JSON.stringify(event?.agent)).toContain('demo-lhcre-yhcr');
  });

  it('writes none for the public CapabilityStatement (no patient data)', async () => {
    const before = await s.auditCount();
    expect((await s.fhir('/metadata', undefined)).status).toBe(200);
    expect(await s.auditCount()).toBe(before);
  });
});

describe('AuditEvent is read-only', () => {
  it.each([
    ['POST', () => '/AuditEvent'],
    ['PUT', (id: string) => `/AuditEvent/${id}`],
    ['DELETE', (id: string) => `/AuditEvent/${id}`],
  ] as const)('answers %s with 405 for any caller, and the trail is unchanged', async (method, path) => {
    const [existing] = await newestAuditEvents(s.server.store, 1);
    const id = existing?.id ?? 'none';
    for (const caller of ['auditor', 'gp']) {
      const before = await s.auditCount();
      const answer = await s.fhir(path(id), token(caller), {
        method,
        ...(method === 'DELETE' ? {} : { body: { ...existing, outcome: '0', outcomeDesc: 'rewritten' } }),
        ...(method === 'PUT' ? { headers: { 'If-Match': 'W/"1"' } } : {}),
      });
      expect(answer.status, `${caller} ${method}`).toBe(405);
      expect(await s.auditCount()).toBe(before);
      const stored = await s.server.store.read('AuditEvent', id);
      expect(stored?.versionId).toBe(1);
      expect(stored?.deleted).toBe(false);
    }
  });
});

describe('searching the audit trail', () => {
  it('lets an auditor search by patient, agent, entity and date', async () => {
    const requestId = randomUUID();
    await s.fhir(`/Flag/${flagId}`, token('hospital'), { headers: { 'X-Request-ID': requestId } });
    const ids = (answer: Received): string[] => (bundleOf(answer).entry ?? []).map((e) => requestIdOf(e.resource as AuditEvent) ?? '');

    const byPatient = await s.fhir(`/AuditEvent?patient=${permittedId}&_count=100`, token('auditor'));
    expect(byPatient.status).toBe(200);
    expect(ids(byPatient)).toContain(requestId);
    for (const entry of bundleOf(byPatient).entry ?? []) {
      expect((entry.resource as AuditEvent).entity?.some((e) => e.what?.reference === `Patient/${permittedId}`)).toBe(true);
    }
    const byAgent = await s.fhir(`/AuditEvent?agent=demo-hospital-york&_count=100`, token('auditor'));
    expect(ids(byAgent)).toContain(requestId);
    for (const entry of bundleOf(byAgent).entry ?? []) expect(JSON.stringify((entry.resource as AuditEvent).agent)).toContain('demo-hospital-york');
    const byEntity = await s.fhir(`/AuditEvent?entity=Flag/${flagId}&_count=100`, token('auditor'));
    expect(ids(byEntity)).toContain(requestId);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(ids(await s.fhir(`/AuditEvent?date=gt${encodeURIComponent(future)}`, token('auditor')))).toEqual([]);
    expect(ids(await s.fhir(`/AuditEvent?patient=${permittedId}&date=lt${encodeURIComponent(future)}&_count=100`, token('auditor')))).toContain(requestId);
  });

  it('shows a B0257 clinician who has looked at a record they may read, the LHCRE included', async () => {
    const requestId = randomUUID();
    expect((await s.fhir(`/Flag?patient=${permittedId}`, token('yhcr'), { headers: { 'X-Request-ID': requestId } })).status).toBe(200);
    const answer = await s.fhir(`/AuditEvent?patient=${permittedId}&_count=100`, token('reader'));
    expect(answer.status).toBe(200);
    const events = (bundleOf(answer).entry ?? []).map((e) => e.resource as AuditEvent);
    const lhcreLook = events.find((e) => requestIdOf(e) === requestId);
    expect(JSON.stringify(lhcreLook?.agent)).toContain('demo-lhcre-yhcr');
    expect((bundleOf(answer) as Bundle).total).toBeUndefined();
  });

  it('shows a clinician nothing of the trail of a record they may not read', async () => {
    expect((await auditEventsAbout(s.server.store, refusedId)).length).toBeGreaterThan(0);
    const answer = await s.fhir(`/AuditEvent?patient=${refusedId}`, token('hospital'));
    expect(answer.status).toBe(200);
    expect(bundleOf(answer).entry ?? []).toEqual([]);
  });

  it.each([
    ['a B0264-only user', 'existence', `/AuditEvent?patient=`],
    ['a clinician searching the whole trail', 'reader', '/AuditEvent?_count=5'],
    ['an LHCRE', 'yhcr', `/AuditEvent?patient=`],
  ])('refuses %s with 403', async (_name, caller, path) => {
    const answer = await s.fhir(path.endsWith('=') ? `${path}${permittedId}` : path, token(caller));
    expect(answer.status).toBe(403);
  });
});
