import type { AuditEvent } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOf, outcomeOf } from '../test-support/test-server.js';
import { auditEventsAbout as auditEventsOf, requestIdOf } from './test-support/audit-trail.js';
import { ASSERTION_TYPE, DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 D13/D14: break-glass opens a refused record to a B0257 clinician, loudly. */
let s: SecuredServer;
let refusedId: string;
let refusedFlagId: string;

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REASON = 'Unconscious in A&E; need to know how to communicate with him';

beforeAll(async () => {
  s = await startSecuredServer();
  refusedId = await s.patientId(DEMO_PATIENTS.refused);
  const flags = await s.server.store.search({
    resourceType: 'Flag',
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: refusedId }] }],
    sort: 'lastUpdated',
    count: 10,
  });
  refusedFlagId = flags.matches[0]?.id ?? 'none';
});
afterAll(async () => {
  await s.close();
});

const auditEventsAbout = (patientId: string): Promise<AuditEvent[]> => auditEventsOf(s.server.store, patientId);

const isAlert = (event: AuditEvent): boolean =>
  event.type.system === DCM && event.type.code === '110113' && (event.subtype ?? []).some((c) => c.system === DCM && c.code === '110127');

describe('break-glass', () => {
  it('lets a hospital B0257 user declaring ETREAT with a reason read the refused patient, and writes an alert', async () => {
    const before = (await auditEventsAbout(refusedId)).filter(isAlert).length;
    const token = await s.token('demo-hospital-york', { user: USERS.reader, purposeOfUse: 'ETREAT', breakGlassReason: REASON });
    const read = await s.fhir(`/Flag/${refusedFlagId}`, token, { headers: { 'X-Request-ID': '0d9e6c4e-8a7b-4f51-9d0c-5b2f3c1a7e11' } });
    expect(read.status).toBe(200);
    expect((read.json as { id: string }).id).toBe(refusedFlagId);

    const alerts = (await auditEventsAbout(refusedId)).filter(isAlert);
    expect(alerts).toHaveLength(before + 1);
    const alert = alerts[0];
    expect(alert?.purposeOfEvent?.flatMap((p) => p.coding ?? []).map((c) => c.code)).toContain('ETREAT');
    expect(JSON.stringify(alert?.agent)).toContain('demo-hospital-york');
    expect(JSON.stringify(alert?.agent)).toContain(USERS.reader.id);
    expect(requestIdOf(alert)).toBe('0d9e6c4e-8a7b-4f51-9d0c-5b2f3c1a7e11');
  });

  it('lets the same user search the refused record under break-glass', async () => {
    const token = await s.token('demo-hospital-york', { user: USERS.reader, purposeOfUse: 'ETREAT', breakGlassReason: REASON });
    const search = await s.fhir(`/Flag?patient=${refusedId}`, token);
    expect(search.status).toBe(200);
    expect(bundleOf(search).entry?.length ?? 0).toBeGreaterThan(0);
  });

  it('answers the same user without ETREAT with 404 and an empty search, and writes no alert', async () => {
    const before = (await auditEventsAbout(refusedId)).filter(isAlert).length;
    const token = await s.token('demo-hospital-york', { user: USERS.reader });
    const read = await s.fhir(`/Flag/${refusedFlagId}`, token);
    expect(read.status).toBe(404);
    expect(outcomeOf(read).issue[0]?.code).toBe('not-found');
    const search = await s.fhir(`/Flag?patient=${refusedId}`, token);
    expect(bundleOf(search).entry ?? []).toEqual([]);
    expect((await auditEventsAbout(refusedId)).filter(isAlert)).toHaveLength(before);
  });

  it.each([
    ['a B0264-only user', 'demo-hospital-york', { user: USERS.existence, purposeOfUse: 'ETREAT', breakGlassReason: REASON }, 'invalid_grant'],
    ['an LHCRE', 'demo-lhcre-yhcr', { purposeOfUse: 'ETREAT', breakGlassReason: REASON }, 'invalid_grant'],
    ['a user without a reason', 'demo-hospital-york', { user: USERS.reader, purposeOfUse: 'ETREAT' }, 'invalid_request'],
    ['a user with an empty reason', 'demo-hospital-york', { user: USERS.reader, purposeOfUse: 'ETREAT', breakGlassReason: '   ' }, 'invalid_request'],
  ] as const)('gives %s no break-glass token (%s)', async (_name, clientId, options, error) => {
    const answer = await s.tokenRequest({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await s.assertion(clientId, options) });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error });
    expect(answer.json).not.toHaveProperty('access_token');
  });
});
