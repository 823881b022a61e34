import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { checkNotification, verifyNotification, type NotificationClaims } from './notification.js';
import { notificationSigner } from './notification-signer.js';

const ISSUER = 'https://raflag.example/fhir';
const LHCRE = 'lhcre-yhcr';
const NOW = new Date('2026-11-26T10:00:00Z');
const claims: NotificationClaims = {
  event: 'record-changed',
  patient: { nhsNumber: '9000000009' },
  resources: ['Flag/123', 'Condition/c-1'],
  changedAt: '2026-11-26T09:59:58Z',
  notificationId: 'n-1',
};

async function serverKeys() {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'server-1', alg: 'ES384', use: 'sig' };
  const sign = notificationSigner({ signJwt: (payload, typ) => new SignJWT(payload).setProtectedHeader({ alg: 'ES384', kid: 'server-1', typ }).sign(privateKey), issuer: ISSUER, clock: () => NOW });
  return { privateKey, jwks: { keys: [jwk] }, sign };
}

describe('verifyNotification', () => {
  it('accepts what the server signed and returns exactly the claims', async () => {
    const { sign, jwks } = await serverKeys();
    const jwt = await sign(claims, { typ: 'notification+jwt', audience: LHCRE });
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result).toEqual({ ok: true, claims });
  });

  it.each([
    ['another audience', { issuer: ISSUER, audience: 'lhcre-other' }, /aud/],
    ['another issuer', { issuer: 'https://evil.example', audience: LHCRE }, /iss/],
  ])('refuses a notification for %s', async (_label, options, message) => {
    const { sign, jwks } = await serverKeys();
    const jwt = await sign(claims, { typ: 'notification+jwt', audience: LHCRE });
    const result = await verifyNotification(jwt, jwks, { ...options, currentDate: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('refuses an expired notification', async () => {
    const { sign, jwks } = await serverKeys();
    const jwt = await sign(claims, { typ: 'notification+jwt', audience: LHCRE });
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: later });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/expired/) });
  });

  it('refuses one signed by a key that is not in the server JWKS', async () => {
    const { jwks } = await serverKeys();
    const other = await serverKeys();
    const jwt = await other.sign(claims, { typ: 'notification+jwt', audience: LHCRE });
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/signature/) });
  });

  it('refuses an access-token-shaped JWT (wrong typ) signed by the right key', async () => {
    const { privateKey, jwks } = await serverKeys();
    const jwt = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES384', kid: 'server-1', typ: 'at+jwt' })
      .setIssuer(ISSUER).setAudience(LHCRE).setIssuedAt(NOW).setExpirationTime(new Date(NOW.getTime() + 60_000)).setJti('n-1')
      .sign(privateKey);
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/typ/) });
  });

  it('refuses an HMAC-signed notification even when the secret is known', async () => {
    const { jwks } = await serverKeys();
    const jwt = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'notification+jwt' })
      .setIssuer(ISSUER).setAudience(LHCRE).setIssuedAt(NOW).setExpirationTime(new Date(NOW.getTime() + 60_000)).setJti('n-1')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result.ok).toBe(false);
  });

  it('refuses a signed notification whose claims carry more than ids', async () => {
    const { privateKey, jwks } = await serverKeys();
    const jwt = await new SignJWT({ ...claims, patient: { nhsNumber: '9000000009', name: 'Jo Bloggs' } })
      .setProtectedHeader({ alg: 'ES384', kid: 'server-1', typ: 'notification+jwt' })
      .setIssuer(ISSUER).setAudience(LHCRE).setIssuedAt(NOW).setExpirationTime(new Date(NOW.getTime() + 60_000)).setJti('n-1')
      .sign(privateKey);
    const result = await verifyNotification(jwt, jwks, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^patient/) });
  });

  it('answers a malformed JWKS with a result, not an exception', async () => {
    const { sign } = await serverKeys();
    const jwt = await sign(claims, { typ: 'notification+jwt', audience: LHCRE });
    const result = await verifyNotification(jwt, { keys: 'none' } as never, { issuer: ISSUER, audience: LHCRE, currentDate: NOW });
    expect(result.ok).toBe(false);
  });
});

describe('checkNotification', () => {
  it.each([
    ['a resource with text after the id', { resources: ['Flag/1 autism'] }, 'resources.0'],
    ['a resource with a query', { resources: ['Flag/1?_elements=note'] }, 'resources.0'],
    ['a full URL', { resources: ['https://x.example/fhir/Flag/1'] }, 'resources.0'],
    ['an NHS number with a bad check digit', { patient: { nhsNumber: '9000000008' } }, 'patient.nhsNumber'],
    ['an unknown event', { event: 'record-read' }, 'event'],
    ['a changedAt that is not an instant', { changedAt: 'yesterday' }, 'changedAt'],
  ])('refuses %s', (_label, change, path) => {
    const result = checkNotification({ ...claims, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith(`${path}:`)).toBe(true);
  });

  it('never echoes the refused value in its error', () => {
    const result = checkNotification({ ...claims, resources: ['Condition/1 learning disability'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toContain('learning');
  });

  it('drops anything outside the five claims', () => {
    const result = checkNotification({ ...claims, note: 'clinical text' });
    expect(result).toEqual({ ok: true, claims });
  });
});
