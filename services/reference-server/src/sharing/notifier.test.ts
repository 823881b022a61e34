import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { verifyNotification, type SignNotification } from './notification.js';
import { notificationSigner } from './notification-signer.js';
import { Notifier, type DeliveryRecord, type NotifierOptions } from './notifier.js';
import { InMemoryOutbox, type NewOutboxItem } from './outbox.js';

const ISSUER = 'https://raflag.example/fhir';
const ENDPOINT = 'https://yhcr.example/notify';
const START = new Date('2026-11-26T10:00:00Z');

interface Received {
  readonly jwt: string;
  readonly contentType: string | null;
}

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

let keys: { sign: SignNotification; jwks: { keys: object[] } } | undefined;
async function serverKeys() {
  if (keys !== undefined) return keys;
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'server-1', alg: 'ES384' };
  keys = { sign: notificationSigner({ signJwt: (payload, typ) => new SignJWT(payload).setProtectedHeader({ alg: 'ES384', kid: 'server-1', typ }).sign(privateKey), issuer: ISSUER }), jwks: { keys: [jwk] } };
  return keys;
}

/** The LHCRE endpoint: answers each POST with the next response in `answers` (the last one repeats). */
function lhcre(answers: readonly (() => Response | Promise<Response>)[], url = ENDPOINT): Received[] {
  const received: Received[] = [];
  msw.use(
    http.post(url, async ({ request }) => {
      received.push({ jwt: await request.text(), contentType: request.headers.get('content-type') });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      return answer === undefined ? new HttpResponse(null, { status: 204 }) : answer();
    }),
  );
  return received;
}

const ok = () => new HttpResponse(null, { status: 202 });
const fail = (status: number, headers: Record<string, string> = {}) => () => new HttpResponse('busy', { status, headers });

function item(overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  return {
    id: 'n-1',
    lhcreClientId: 'lhcre-yhcr',
    endpoint: ENDPOINT,
    event: 'record-changed',
    nhsNumber: '9000000009',
    resources: ['Flag/123'],
    changedAt: '2026-11-26T09:59:58Z',
    ...overrides,
  };
}

async function setup(options: Partial<NotifierOptions> = {}) {
  const { sign, jwks } = await serverKeys();
  const outbox = new InMemoryOutbox();
  let now = START;
  const states: DeliveryRecord[] = [];
  const notifier = new Notifier({
    outbox,
    sign,
    clock: () => now,
    random: () => 0.5,
    baseDelayMs: 1_000,
    maxAttempts: 5,
    onState: (record) => states.push(record),
    ...options,
  });
  return {
    outbox,
    notifier,
    jwks,
    states,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

describe('Notifier', () => {
  it('posts a signed, id-only notification and marks it delivered on 2xx', async () => {
    const { outbox, notifier, jwks, states } = await setup();
    const received = lhcre([ok]);
    outbox.add(item(), START);

    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, abandoned: 0 });

    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/jwt');
    const jwt = received[0]?.jwt ?? '';
    const verified = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: 'lhcre-yhcr' });
    expect(verified).toEqual({
      ok: true,
      claims: { event: 'record-changed', patient: { nhsNumber: '9000000009' }, resources: ['Flag/123'], changedAt: '2026-11-26T09:59:58Z', notificationId: 'n-1' },
    });
    // Nothing beyond ids and the JWT registered claims: no clinical content can ride along.
    const payload = decodeJwt(jwt);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'changedAt', 'event', 'exp', 'iat', 'iss', 'jti', 'notificationId', 'patient', 'resources']);
    expect(Object.keys(payload.patient as object)).toEqual(['nhsNumber']);
    expect(outbox.get('n-1')).toMatchObject({ state: 'delivered', finishedAt: START });
    expect(states).toEqual([{ state: 'delivered', id: 'n-1', lhcreClientId: 'lhcre-yhcr', attempts: 1, status: 202, at: START }]);
  });

  it.each([
    ['HTTP 500', () => fail(500)(), /HTTP 500/],
    ['a network error', () => HttpResponse.error(), /Network error/],
  ])('retries after %s with backoff and jitter, then delivers', async (_label, first, error) => {
    const { outbox, notifier, advance } = await setup();
    const received = lhcre([first, ok]);
    outbox.add(item(), START);

    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 1, abandoned: 0 });
    // attempt 1, base 1000 ms, random 0.5: 500 + 0.5 * 500 = 750 ms
    expect(outbox.get('n-1')).toMatchObject({
      state: 'pending',
      item: { attempts: 1 },
      nextAttemptAt: new Date(START.getTime() + 750),
      lastError: expect.stringMatching(error),
    });

    advance(749);
    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 0, abandoned: 0 });
    advance(1);
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, abandoned: 0 });
    expect(received).toHaveLength(2);
    expect(outbox.get('n-1')?.state).toBe('delivered');
  });

  it('retries when the endpoint does not answer within the timeout', async () => {
    const { outbox, notifier } = await setup({ requestTimeoutMs: 50 });
    const received = lhcre([
      async () => {
        await delay('infinite');
        return ok();
      },
    ]);
    outbox.add(item(), START);

    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 1, abandoned: 0 });
    expect(received).toHaveLength(1);
    expect(outbox.get('n-1')?.lastError).toBe('The LHCRE endpoint did not answer within 50 ms.');
  });

  it.each([
    ['delta seconds', '120', 120_000],
    ['an HTTP date', new Date(START.getTime() + 90_000).toUTCString(), 90_000],
    ['a date in the past', new Date(START.getTime() - 90_000).toUTCString(), 0],
    ['more than the cap', '999999', 3_600_000],
  ])('honours Retry-After as %s', async (_label, header, waitMs) => {
    const { outbox, notifier } = await setup({ maxRetryAfterMs: 3_600_000 });
    lhcre([fail(503, { 'Retry-After': header })]);
    outbox.add(item(), START);

    await notifier.runOnce();
    expect(outbox.get('n-1')?.nextAttemptAt).toEqual(new Date(START.getTime() + waitMs));
  });

  it('abandons after the configured number of attempts, recording every state', async () => {
    const { outbox, notifier, advance, states } = await setup({ maxAttempts: 3 });
    const received = lhcre([fail(500)]);
    outbox.add(item(), START);

    for (let round = 0; round < 5; round += 1) {
      await notifier.drain();
      advance(60_000);
    }

    expect(received).toHaveLength(3);
    expect(outbox.get('n-1')).toMatchObject({ state: 'abandoned', lastError: 'The LHCRE endpoint answered HTTP 500. Gave up after 3 attempts.' });
    expect(states.map((s) => [s.state, s.attempts])).toEqual([
      ['retry', 1],
      ['retry', 2],
      ['abandoned', 3],
    ]);
    // Backoff doubles: 750 ms after the first failure, 1500 ms after the second.
    const retries = states.filter((s) => s.state === 'retry');
    expect(retries.map((s) => s.nextAttemptAt.getTime() - s.at.getTime())).toEqual([750, 1500]);
  });

  it('never lets a withdrawn overtake an earlier record-changed for the same patient and LHCRE', async () => {
    const { outbox, notifier, advance } = await setup();
    const received = lhcre([fail(500), ok]);
    const other = lhcre([ok], 'https://onelondon.example/notify');
    outbox.add(item({ id: 'n-1', event: 'record-changed' }), START);
    outbox.add(item({ id: 'n-2', event: 'withdrawn', resources: [] }), START);
    outbox.add(item({ id: 'n-3', lhcreClientId: 'lhcre-onelondon', endpoint: 'https://onelondon.example/notify' }), START);

    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 1, abandoned: 0 });
    expect(received).toHaveLength(1);
    expect(outbox.get('n-2')?.state).toBe('pending');
    // Another LHCRE's notification about the same patient is not held up.
    expect(other).toHaveLength(1);

    advance(10_000);
    expect(await notifier.drain()).toEqual({ delivered: 2, retried: 0, abandoned: 0 });
    expect(received.map((r) => decodeJwt(r.jwt).event)).toEqual(['record-changed', 'record-changed', 'withdrawn']);
  });

  it('delivers queued notifications for one patient in order within a single poll', async () => {
    const { outbox, notifier } = await setup();
    const received = lhcre([ok]);
    outbox.add(item({ id: 'n-1', resources: ['Flag/1'] }), START);
    outbox.add(item({ id: 'n-2', resources: ['Flag/2'] }), START);
    outbox.add(item({ id: 'n-3', event: 'withdrawn', resources: [] }), START);

    await notifier.drain();
    expect(received.map((r) => decodeJwt(r.jwt).notificationId)).toEqual(['n-1', 'n-2', 'n-3']);
  });

  it.each([
    ['an endpoint that is not http(s)', item({ endpoint: 'file:///etc/passwd' }), /not an http\(s\) URL/],
    ['a row with an invalid NHS number', item({ nhsNumber: '1234567890' }), /patient\.nhsNumber/],
    ['a row with content in a resource id', item({ resources: ['Flag/1 needs a hoist'] }), /resources\.0/],
  ])('abandons %s without posting', async (_label, row, error) => {
    const { outbox, notifier } = await setup();
    outbox.add(row, START);
    // onUnhandledRequest: 'error' would fail any POST.
    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 0, abandoned: 1 });
    expect(outbox.get('n-1')?.lastError).toMatch(error);
  });

  it('retries when signing fails, without posting', async () => {
    const { outbox, notifier } = await setup({
      sign: () => Promise.reject(new Error('key file missing')),
    });
    outbox.add(item(), START);
    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 1, abandoned: 0 });
    expect(outbox.get('n-1')?.lastError).toBe('Signing the notification failed; check the server signing key.');
  });

  it('polls on its own once started and stops cleanly', async () => {
    const { outbox, notifier } = await setup({ clock: () => new Date(), pollIntervalMs: 5 });
    let arrived: () => void = () => {};
    const delivered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    lhcre([
      () => {
        arrived();
        return ok();
      },
    ]);
    outbox.add(item(), new Date(0));
    notifier.start();
    await delivered;
    await notifier.stop();
    expect(outbox.get('n-1')?.state).toBe('delivered');
  });
});
