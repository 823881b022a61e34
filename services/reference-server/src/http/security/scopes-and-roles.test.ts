import type { Bundle, Flag } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPatientFlag } from '../../authz/redact.js';
import type { StoredVersion } from '../../store/store.js';
import { adjustmentFlag } from '../test-support/ra-resources.js';
import { bundleOf, messageIds, outcomeOf, type Received } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 C: scopes, NHS activity codes and what each caller sees (C1–C7, C10, C13). */
let s: SecuredServer;
let patientId: string;
let flags: StoredVersion[];
let adjustmentId: string;
let patientFlagId: string;
let consentId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  s = await startSecuredServer();
  patientId = await s.patientId(DEMO_PATIENTS.permitted);
  const page = await s.server.store.search({
    resourceType: 'Flag',
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
    sort: 'lastUpdated',
    count: 50,
  });
  flags = [...page.matches];
  adjustmentId = flags.find((v) => !isPatientFlag(v.resource))?.id ?? '';
  patientFlagId = flags.find((v) => isPatientFlag(v.resource))?.id ?? '';
  const consents = await s.server.store.search({
    resourceType: 'Consent',
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
    sort: 'lastUpdated',
    count: 5,
  });
  consentId = consents.matches[0]?.id ?? '';
  tokens['yhcr'] = await s.token('demo-lhcre-yhcr');
  tokens['manager'] = await s.token('demo-gp-riverside', { user: USERS.manager });
  tokens['reader'] = await s.token('demo-gp-riverside', { user: USERS.reader });
  tokens['existence'] = await s.token('demo-gp-riverside', { user: USERS.existence });
  tokens['none'] = await s.token('demo-gp-riverside', { user: USERS.none });
  tokens['auditor'] = await s.token('demo-auditor-riverside');
});
afterAll(async () => {
  await s.close();
});

const token = (name: string): string => tokens[name] ?? '';
const flagCount = (): Promise<number> => s.server.store.count({ resourceType: 'Flag', conditions: [] });

function expectForbidden(answer: Received, messageId: string): void {
  expect(answer.status).toBe(403);
  expect(outcomeOf(answer).issue[0]?.code).toBe('forbidden');
  expect(messageIds(answer)).toEqual([messageId]);
}

describe('fixtures', () => {
  it('finds the demo record with a PatientFlag, adjustment flags and a consent', () => {
    expect(patientFlagId).not.toBe('');
    expect(adjustmentId).not.toBe('');
    expect(consentId).not.toBe('');
  });
});

describe('scopes: an LHCRE holds read scopes only', () => {
  it('answers an LHCRE creating a Flag with 403 forbidden, and stores nothing', async () => {
    const before = await flagCount();
    const answer = await s.fhir('/Flag', token('yhcr'), { method: 'POST', body: adjustmentFlag(patientId) });
    expectForbidden(answer, 'http.scope-insufficient');
    expect(outcomeOf(answer).issue[0]?.diagnostics ?? outcomeOf(answer).issue[0]?.details?.text).toMatch(/system\/Flag\.c/);
    expect(await flagCount()).toBe(before);
  });

  it.each(['PUT', 'DELETE'])('answers an LHCRE %s on the patient Consent with 403, and leaves it at its version', async (method) => {
    const before = await s.server.store.read('Consent', consentId);
    const answer = await s.fhir(`/Consent/${consentId}`, token('yhcr'), {
      method,
      ...(method === 'PUT' ? { body: { ...before?.resource, status: 'inactive' }, headers: { 'If-Match': `W/"${before?.versionId}"` } } : {}),
    });
    expectForbidden(answer, 'http.scope-insufficient');
    expect((await s.server.store.read('Consent', consentId))?.versionId).toBe(before?.versionId);
  });

  it('C3: answers a token narrowed to system/Flag.rs reading Consents with 403', async () => {
    const narrowed = await s.token('demo-lhcre-yhcr', { scope: 'system/Flag.rs' });
    expectForbidden(await s.fhir(`/Consent?patient=${patientId}`, narrowed), 'http.scope-insufficient');
    expect((await s.fhir(`/Flag?patient=${patientId}`, narrowed)).status).toBe(200);
  });

  it('C4: refuses a whole transaction mixing an allowed read and a forbidden write, and stores nothing', async () => {
    const before = await flagCount();
    const answer = await s.fhir('', token('yhcr'), {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: `Flag/${patientFlagId}` } },
          { resource: adjustmentFlag(patientId), request: { method: 'POST', url: 'Flag' } },
        ],
      },
    });
    expectForbidden(answer, 'http.scope-insufficient');
    expect(await flagCount()).toBe(before);
  });

  it('answers an LHCRE reading AuditEvents with 403', async () => {
    expect((await s.fhir(`/AuditEvent?patient=${patientId}`, token('yhcr'))).status).toBe(403);
  });
});

describe('NHS activity codes of the named user', () => {
  it.each([
    ['B0257 only (reads details)', 'reader'],
    ['B0264 only (existence)', 'existence'],
  ])('refuses a write by a user holding %s with 403 that names B0380, and stores nothing', async (_name, user) => {
    const before = await flagCount();
    const answer = await s.fhir('/Flag', token(user), { method: 'POST', body: adjustmentFlag(patientId) });
    expectForbidden(answer, 'http.role-insufficient');
    expect(outcomeOf(answer).issue[0]?.details?.text).toContain('B0380');
    expect(await flagCount()).toBe(before);
  });

  it('refuses a user holding no RA activity code any read, naming B0264', async () => {
    const answer = await s.fhir(`/Flag?patient=${patientId}`, token('none'));
    expectForbidden(answer, 'http.role-insufficient');
    expect(outcomeOf(answer).issue[0]?.details?.text).toContain('B0264');
  });

  it('lets a B0380 user write (the control for the refusals above)', async () => {
    const answer = await s.fhir('/Flag', token('manager'), { method: 'POST', body: adjustmentFlag(patientId) });
    expect(answer.status).toBe(201);
  });
});

describe('B0264: existence only', () => {
  it('gets the PatientFlag subsetted (tag SUBSETTED; no extensions, notes or contained) and no detail resources', async () => {
    const answer = await s.fhir(`/PatientFlag?patient=${DEMO_PATIENTS.permitted}`, token('existence'));
    expect(answer.status).toBe(200);
    const entries = (bundleOf(answer).entry ?? []).map((e) => e.resource);
    expect(entries).toHaveLength(1);
    const flag = entries[0] as Flag & { note?: unknown };
    expect(flag.resourceType).toBe('Flag');
    expect(flag.id).toBe(patientFlagId);
    expect(flag.meta?.tag).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SUBSETTED' })]));
    expect(flag.extension).toBeUndefined();
    expect(flag.note).toBeUndefined();
    expect(flag.contained).toBeUndefined();
    expect(answer.text).not.toContain('Her sister');
    expect(answer.text).not.toContain('Provenance');
  });

  it('shows the same caller the full PatientFlag and its details once they hold B0257 (the control)', async () => {
    const answer = await s.fhir(`/PatientFlag?patient=${DEMO_PATIENTS.permitted}`, token('reader'));
    const resources = (bundleOf(answer).entry ?? []).map((e) => e.resource);
    expect(resources.length).toBeGreaterThan(1);
    expect(resources.find((r) => r?.id === patientFlagId)?.meta?.tag ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SUBSETTED' })]));
  });

  it('finds only the subsetted PatientFlag when searching Flags, even with _include', async () => {
    const answer = await s.fhir(`/Flag?patient=${patientId}&_include=Flag:detail`, token('existence'));
    expect(answer.status).toBe(200);
    const bundle = bundleOf(answer) as Bundle;
    const ids = (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
    expect(ids).toEqual([`Flag/${patientFlagId}`]);
    expect(bundle.total).toBeUndefined();
  });

  it('answers a read of an adjustment Flag by id exactly as a Flag that does not exist', async () => {
    const hidden = await s.fhir(`/Flag/${adjustmentId}`, token('existence'));
    const missing = await s.fhir(`/Flag/${adjustmentId.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`, token('existence'));
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(outcomeOf(hidden).issue[0]?.code).toBe(outcomeOf(missing).issue[0]?.code);
    expect(messageIds(hidden)).toEqual(messageIds(missing));
    expect(hidden.text).toBe(missing.text);
    const headerNames = (r: Received): string[] => [...r.headers.keys()].filter((h) => !['date', 'x-request-id'].includes(h)).sort();
    expect(headerNames(hidden)).toEqual(headerNames(missing));
  });

  it('answers the version history of that Flag exactly as a missing one, too', async () => {
    const hidden = await s.fhir(`/Flag/${adjustmentId}/_history/1`, token('existence'));
    const missing = await s.fhir(`/Flag/${adjustmentId.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}/_history/1`, token('existence'));
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
  });

  it('lets a B0257 reader read that adjustment Flag (the control)', async () => {
    expect((await s.fhir(`/Flag/${adjustmentId}`, token('reader'))).status).toBe(200);
  });
});

describe('auditors read the audit trail and nothing else', () => {
  it.each([
    ['search Flags', 'GET', () => `/Flag?patient=${patientId}`],
    ['read a Flag', 'GET', () => `/Flag/${adjustmentId}`],
    ['read the PatientFlag', 'GET', () => `/PatientFlag?patient=${DEMO_PATIENTS.permitted}`],
    ['read a Patient', 'GET', () => `/Patient/${patientId}`],
  ])('refuses an auditor that tries to %s with 403', async (_name, method, path) => {
    const answer = await s.fhir(path(), token('auditor'), { method });
    expect(answer.status).toBe(403);
    expect(outcomeOf(answer).issue[0]?.code).toBe('forbidden');
  });

  it('refuses an auditor writing a Flag, and stores nothing', async () => {
    const before = await flagCount();
    const answer = await s.fhir('/Flag', token('auditor'), { method: 'POST', body: adjustmentFlag(patientId) });
    expect(answer.status).toBe(403);
    expect(await flagCount()).toBe(before);
  });

  it('lets an auditor search AuditEvents', async () => {
    const answer = await s.fhir('/AuditEvent?_count=5', token('auditor'));
    expect(answer.status).toBe(200);
    expect(bundleOf(answer).entry?.length ?? 0).toBeGreaterThan(0);
  });
});
