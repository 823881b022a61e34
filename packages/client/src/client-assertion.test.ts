import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { ASSERTION_LIFETIME_SECONDS, signClientAssertion } from './client-assertion.js';
import { clientKeys } from './test-support/fake-auth-server.js';

const now = Date.parse('2026-11-26T12:00:00Z');
const base = { clientId: 'gp-1', tokenUrl: 'https://ra.example.test/oauth2/token', kid: 'k1', now };

describe('signClientAssertion', () => {
  it.each([['ES384'], ['RS384'], ['RS512']] as const)('signs a verifiable %s assertion', async (alg) => {
    const keys = await clientKeys(alg);
    const key = (await importJWK(keys.privateJwk, alg)) as CryptoKey;
    const jwt = await signClientAssertion({ ...base, alg }, key);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: 'k1', typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, keys.publicKey, { currentDate: new Date(now), algorithms: [alg], audience: base.tokenUrl, issuer: 'gp-1', subject: 'gp-1' });
    expect(payload.iat).toBe(now / 1000);
    expect(payload.exp).toBe(now / 1000 + ASSERTION_LIFETIME_SECONDS);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
  });

  it('uses a new jti each time and carries only the user fields given', async () => {
    const keys = await clientKeys();
    const key = (await importJWK(keys.privateJwk, 'ES384')) as CryptoKey;
    const sign = () => signClientAssertion({ ...base, alg: 'ES384', user: { id: 'u1', activities: ['B0264'] }, purposeOfUse: 'TREAT' }, key);
    const [a, b] = await Promise.all([sign(), sign()]);
    const options = { currentDate: new Date(now) };
    const first = (await jwtVerify(a, keys.publicKey, options)).payload;
    const second = (await jwtVerify(b, keys.publicKey, options)).payload;
    expect(first.jti).not.toBe(second.jti);
    expect(first['requesting_user']).toEqual({ id: 'u1', activities: ['B0264'] });
    expect(first['purpose_of_use']).toBe('TREAT');
    expect(first['break_glass_reason']).toBeUndefined();
  });
});
