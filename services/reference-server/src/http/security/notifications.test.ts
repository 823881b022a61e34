import type { JSONWebKeySet } from 'jose';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_NOTIFICATION_PORTS } from '../../demo/demo-sharing-agreements.js';
import { verifyNotification } from '../../sharing/notification.js';
import { adjustmentFlag } from '../test-support/ra-resources.js';
import { send } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/**
 * The LHCRE side of sharing: msw stands in for the two demo LHCREs' notification endpoints (the
 * notifier runs in the server's process and posts with global fetch); everything else, our own
 * server included, passes through untouched.
 */
interface Received {
  readonly lhcre: 'yhcr' | 'wessex';
  readonly contentType: string | null;
  readonly body: string;
}

const received: Received[] = [];
let wessexStatus = 204;

const endpoint = (port: number): string => `http://127.0.0.1:${port}/notifications`;
const lhcres = setupServer(
  http.post(endpoint(DEMO_NOTIFICATION_PORTS.yhcr), async ({ request }) => {
    received.push({ lhcre: 'yhcr', contentType: request.headers.get('content-type'), body: await request.text() });
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(endpoint(DEMO_NOTIFICATION_PORTS.wessex), async ({ request }) => {
    received.push({ lhcre: 'wessex', contentType: request.headers.get('content-type'), body: await request.text() });
    return new HttpResponse(null, { status: wessexStatus });
  }),
);

let s: SecuredServer;
let gp: string;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  // Before the server starts: its notifier keeps the fetch it finds at start-up.
  lhcres.listen({ onUnhandledRequest: 'bypass' });
  s = await startSecuredServer();
  gp = await s.token('demo-gp-riverside', { user: USERS.manager });
  jwks = (await send(`${s.server.publicUrl}/.well-known/jwks.json`)).json as JSONWebKeySet;
});
beforeEach(async () => {
  // Whatever an earlier test left queued is delivered first, so each test sees only its own.
  await s.server.notifier.drain();
  received.length = 0;
  wessexStatus = 204;
});
afterAll(async () => {
  await s.close();
  lhcres.close();
});

async function recordFlagFor(nhsNumber: string): Promise<string> {
  const patientId = await s.patientId(nhsNumber);
  const created = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(patientId) });
  expect(created.status, created.text).toBe(201);
  return (created.json as { id: string }).id;
}

const payloadOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('LHCRE notifications', () => {
  it('posts a signed, id-only JWT that verifies against /.well-known/jwks.json, and marks the row delivered', async () => {
    const flagId = await recordFlagFor(DEMO_PATIENTS.permitted);
    // The background poll may get there first; either way nothing is left due afterwards.
    await s.server.notifier.drain();

    const toYhcr = received.filter((r) => r.lhcre === 'yhcr');
    expect(toYhcr).toHaveLength(1);
    const [notification] = toYhcr;
    expect(notification?.contentType).toBe('application/jwt');
    const verified = await verifyNotification(notification?.body ?? '', jwks, { issuer: s.server.publicUrl, audience: 'demo-lhcre-yhcr' });
    expect(verified).toMatchObject({ ok: true, claims: { event: 'record-changed', patient: { nhsNumber: DEMO_PATIENTS.permitted } } });
    if (!verified.ok) return;
    expect(verified.claims.resources).toEqual([`Flag/${flagId}`]);

    // Ids only: none of the adjustment (code, display, note) nor any name travels.
    const payload = payloadOf(notification?.body ?? '');
    const allowed = ['event', 'patient', 'resources', 'changedAt', 'notificationId', 'iss', 'aud', 'iat', 'exp', 'jti', 'sub', 'nbf'];
    expect(Object.keys(payload).filter((k) => !allowed.includes(k))).toEqual([]);
    const text = JSON.stringify(payload);
    for (const clinical of ['1082681000000103', 'Speak slowly', 'receptive communication', 'Okafor', 'Grace']) expect(text).not.toContain(clinical);

    const row = s.server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-yhcr', nhsNumber: DEMO_PATIENTS.permitted }).at(-1);
    expect(row?.state).toBe('delivered');
    expect(row?.item.id).toBe(verified.claims.notificationId);
  });

  it('is not verifiable as another LHCRE\u2019s notification (audience is the recipient)', async () => {
    await recordFlagFor(DEMO_PATIENTS.permitted);
    await s.server.notifier.drain();
    const [notification] = received.filter((r) => r.lhcre === 'yhcr');
    const asWessex = await verifyNotification(notification?.body ?? '', jwks, { issuer: s.server.publicUrl, audience: 'demo-lhcre-wessex' });
    expect(asWessex.ok).toBe(false);
  });

  it('notifies only the LHCREs the consent permits: not YHCR for a patient whose consent denies it', async () => {
    await recordFlagFor(DEMO_PATIENTS.deniesYhcr);
    await s.server.notifier.drain();
    expect(received.map((r) => r.lhcre)).toEqual(['wessex']);
    expect(s.server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-yhcr', nhsNumber: DEMO_PATIENTS.deniesYhcr })).toEqual([]);
  });

  it('keeps a row pending with its error when the LHCRE endpoint fails, to retry with backoff', async () => {
    wessexStatus = 503;
    await recordFlagFor(DEMO_PATIENTS.deniesYhcr);
    await s.server.notifier.drain();
    expect(received.map((r) => r.lhcre)).toEqual(['wessex']);
    const row = s.server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-wessex', nhsNumber: DEMO_PATIENTS.deniesYhcr }).at(-1);
    expect(row?.state).toBe('pending');
    expect(row?.item.attempts).toBe(1);
    expect(row?.lastError).toContain('503');
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});
