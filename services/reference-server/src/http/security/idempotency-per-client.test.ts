import { randomUUID } from 'node:crypto';
import type { Flag } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag } from '../test-support/ra-resources.js';
import { startSecuredServer, DEMO_PATIENTS, USERS, type SecuredServer } from './test-support/secured-server.js';

/**
 * security.md §7 F6 across clients: X-Request-ID keys a client's retries, so another client that
 * happens to (or means to) send the same id must neither get the first client's answer (which
 * would show it another organisation's record) nor be stopped from writing.
 */
let s: SecuredServer;
let gp: string;
let hospital: string;
let patientId: string;

beforeAll(async () => {
  s = await startSecuredServer();
  gp = await s.token('demo-gp-riverside', { user: USERS.manager });
  hospital = await s.token('demo-hospital-york', { user: USERS.manager });
  patientId = await s.patientId(DEMO_PATIENTS.permitted);
});
afterAll(async () => {
  await s.close();
});

const flagCount = (): Promise<number> => s.server.store.count({ resourceType: 'Flag', conditions: [] });

describe('idempotency keys are per client', () => {
  it('replays a client\u2019s own retry (the control): same Location, one resource', async () => {
    const requestId = randomUUID();
    const body = adjustmentFlag(patientId);
    const first = await s.fhir('/Flag', gp, { method: 'POST', body, headers: { 'X-Request-ID': requestId } });
    const before = await flagCount();
    const retry = await s.fhir('/Flag', gp, { method: 'POST', body, headers: { 'X-Request-ID': requestId } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await flagCount()).toBe(before);
  });

  it('does not replay one client\u2019s answer to another client sending the same X-Request-ID', async () => {
    const requestId = randomUUID();
    const first = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(patientId), headers: { 'X-Request-ID': requestId } });
    expect(first.status).toBe(201);
    const before = await flagCount();
    const other = await s.fhir('/Flag', hospital, { method: 'POST', body: adjustmentFlag(patientId), headers: { 'X-Request-ID': requestId } });
    expect(other.status, other.text).toBe(201);
    expect(other.headers.get('location')).not.toBe(first.headers.get('location'));
    expect((other.json as Flag).id).not.toBe((first.json as Flag).id);
    expect(await flagCount()).toBe(before + 1);
    // And the second is the hospital's own record, not a copy of the GP's answer.
    expect(JSON.stringify((other.json as Flag).contained)).toContain('Organization/RCB');
  });
});
