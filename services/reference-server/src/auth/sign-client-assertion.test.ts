import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signClientAssertion } from './sign-client-assertion.js';
import { makeKey, NOW_MS, NOW_S, TOKEN_URL } from './test-fixtures.js';

describe('signClientAssertion', () => {
  it('builds the header and claims SMART Backend Services asks for', async () => {
    const key = await makeKey('ES384', 'k-es');
    const jwt = await signClientAssertion({
      clientId: 'gp',
      privateJwk: key.privateJwk,
      alg: 'ES384',
      tokenUrl: TOKEN_URL,
      user: { id: 'u1', roleCode: 'R8000', activities: ['B0257'] },
      purposeOfUse: 'ETREAT',
      breakGlassReason: 'emergency',
      now: () => NOW_MS,
    });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES384', kid: 'k-es', typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet({ keys: [key.publicJwk] }), { currentDate: new Date(NOW_MS) });
    expect(payload).toMatchObject({
      iss: 'gp',
      sub: 'gp',
      aud: TOKEN_URL,
      iat: NOW_S,
      exp: NOW_S + 240,
      requesting_user: { id: 'u1', role: 'R8000', activities: ['B0257'] },
      purpose_of_use: 'ETREAT',
      break_glass_reason: 'emergency',
    });
    expect(typeof payload.jti).toBe('string');
  });

  it('uses a fresh jti each time', async () => {
    const key = await makeKey('ES384', 'k-es');
    const sign = () => signClientAssertion({ clientId: 'gp', privateJwk: key.privateJwk, alg: 'ES384', tokenUrl: TOKEN_URL });
    const [a, b] = await Promise.all([sign(), sign()]);
    const jti = async (jwt: string) => (await jwtVerify(jwt, createLocalJWKSet({ keys: [key.publicJwk] }))).payload.jti;
    expect(await jti(a)).not.toBe(await jti(b));
  });
});
