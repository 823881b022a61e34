import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from './errors.js';
import { SmartAuth, type SmartAuthOptions } from './smart-auth.js';
import { authHandlers, BASE, CLIENT_ID, clientKeys, TOKEN_URL, TokenLog, type ClientKeys } from './test-support/fake-auth-server.js';

const server = setupServer();
let keys: ClientKeys;
let log: TokenLog;

beforeAll(async () => {
  keys = await clientKeys();
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  log = new TokenLog();
  server.use(...authHandlers({ keys, log }));
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function auth(extra: Partial<SmartAuthOptions> = {}): SmartAuth {
  return new SmartAuth({ baseUrl: BASE, clientId: CLIENT_ID, privateKey: keys.privateJwk, alg: 'ES384', ...extra });
}

describe('SmartAuth', () => {
  it('discovers the token endpoint and posts a verifiable client assertion', async () => {
    const token = await auth({ scope: 'system/Flag.rs' }).accessToken();
    expect(token).toBe('token-1');
    expect(log.discoveries).toBe(1);
    const [sent] = log.assertions;
    expect(sent?.header).toEqual({ alg: 'ES384', kid: 'key-1', typ: 'JWT' });
    expect(sent?.payload).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: TOKEN_URL });
    expect((sent?.payload.exp ?? 0) - (sent?.payload.iat ?? 0)).toBe(240);
    expect(sent?.payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent?.form.get('scope')).toBe('system/Flag.rs');
    expect(sent?.payload['requesting_user']).toBeUndefined();
  });

  it('names the end user, purpose of use and break-glass reason when given', async () => {
    await auth({
      user: { id: '555021935107', name: 'Dr A Patel', role: 'R8000', activities: ['B0257', 'B0380'] },
      purposeOfUse: 'ETREAT',
      breakGlassReason: 'Unconscious in ED',
    }).accessToken();
    expect(log.assertions[0]?.payload).toMatchObject({
      requesting_user: { id: '555021935107', name: 'Dr A Patel', role: 'R8000', activities: ['B0257', 'B0380'] },
      purpose_of_use: 'ETREAT',
      break_glass_reason: 'Unconscious in ED',
    });
  });

  it('caches the token and renews it 30 s before it expires, with a new jti', async () => {
    let now = Date.parse('2026-11-26T12:00:00Z');
    server.use(...authHandlers({ keys, log, now: () => now }));
    const source = auth({ now: () => now });
    expect(await source.accessToken()).toBe('token-1');
    now += 269_000;
    expect(await source.accessToken()).toBe('token-1');
    now += 1_000;
    expect(await source.accessToken()).toBe('token-2');
    expect(log.issued).toEqual(['token-1', 'token-2']);
    expect(log.assertions[0]?.payload.jti).not.toBe(log.assertions[1]?.payload.jti);
    expect(log.discoveries).toBe(1);
  });

  it('shares one token request between concurrent callers', async () => {
    const source = auth();
    const tokens = await Promise.all([source.accessToken(), source.accessToken(), source.accessToken()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(log.assertions).toHaveLength(1);
  });

  it('fetches a new token after invalidate, but ignores a stale invalidate', async () => {
    const source = auth();
    const first = await source.accessToken();
    source.invalidate('something-else');
    expect(await source.accessToken()).toBe(first);
    source.invalidate(first);
    expect(await source.accessToken()).toBe('token-2');
  });

  it('skips discovery when the token URL is given', async () => {
    await auth({ tokenUrl: TOKEN_URL }).accessToken();
    expect(log.discoveries).toBe(0);
  });

  it('signs with RS512 and an explicit kid for an RSA key', async () => {
    const rsa = await clientKeys('RS512', 'rsa-1');
    const rsaLog = new TokenLog();
    server.use(...authHandlers({ keys: rsa, log: rsaLog, alg: 'RS512' }));
    const { kid: _kid, ...withoutKid } = rsa.privateJwk;
    expect(await auth({ privateKey: withoutKid, alg: 'RS512', kid: 'rsa-1' }).accessToken()).toBe('token-1');
    expect(rsaLog.assertions[0]?.header.alg).toBe('RS512');
  });

  it('is refused when signed with a key the server does not know', async () => {
    const other = await clientKeys();
    const error = await auth({ privateKey: other.privateJwk }).accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it.each([
    [400, { error: 'invalid_scope', error_description: 'system/Patient.d is not registered' }, 'invalid_scope'],
    [401, { error: 'invalid_client', error_description: 'jti replayed' }, 'invalid_client'],
    [500, { unexpected: true }, undefined],
  ])('turns a token endpoint %d into AuthError', async (status, body, code) => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json(body, { status })));
    const error = await auth().accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status, error: code });
  });

  it.each([
    ['a body that is not JSON', () => new HttpResponse('<html>oops</html>', { status: 200 })],
    ['no access_token', () => HttpResponse.json({ token_type: 'bearer', expires_in: 300 })],
    ['a token type other than bearer', () => HttpResponse.json({ access_token: 'x', token_type: 'mac', expires_in: 300 })],
    ['no expires_in', () => HttpResponse.json({ access_token: 'x', token_type: 'bearer' })],
    ['a network error', () => HttpResponse.error()],
  ])('turns a token response with %s into AuthError', async (_what, answer) => {
    server.use(http.post(TOKEN_URL, answer));
    await expect(auth().accessToken()).rejects.toBeInstanceOf(AuthError);
  });

  it('fails with AuthError when discovery has no token endpoint, and tries again next time', async () => {
    server.use(http.get(`${BASE}/.well-known/smart-configuration`, () => HttpResponse.json({}), { once: true }));
    const source = auth();
    await expect(source.accessToken()).rejects.toThrow('SMART discovery has no token_endpoint');
    expect(await source.accessToken()).toBe('token-1');
  });

  it('needs a kid', async () => {
    const { kid: _kid, ...withoutKid } = keys.privateJwk;
    await expect(auth({ privateKey: withoutKid }).accessToken()).rejects.toThrow(AuthError);
  });

  it('reports a key that does not fit the algorithm', async () => {
    await expect(auth({ alg: 'RS384' }).accessToken()).rejects.toThrow('The private key cannot be used with RS384');
  });
});
