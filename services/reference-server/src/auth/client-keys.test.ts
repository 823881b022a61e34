import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientKeyResolver } from './client-keys.js';
import type { RegisteredJwk } from './client-registry.js';
import { makeClient, makeKey, NOW_MS } from './test-fixtures.js';
import type { TestKey } from './test-fixtures.js';

let rsa: TestKey;
let rsaTwin: TestKey;
let ec: TestKey;
let rotated: TestKey;
beforeAll(async () => {
  [rsa, rsaTwin, ec, rotated] = await Promise.all([makeKey('RS384', 'k1'), makeKey('RS384', 'k1'), makeKey('ES384', 'e1'), makeKey('ES384', 'e2')]);
});

describe('inline JWKS', () => {
  it('resolves the one key whose kid and type fit', async () => {
    const resolver = createClientKeyResolver();
    const client = makeClient({ clientId: 'c', jwks: { keys: [rsa.publicJwk, ec.publicJwk] } });
    expect(await resolver.resolve(client, 'RS384', 'k1')).toMatchObject({ ok: true, kid: 'k1' });
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true, kid: 'e1' });
  });

  it.each([
    ['an unknown kid', 'RS384', 'nope', 'no-match'],
    ['an RSA key for ES384', 'ES384', 'k1', 'no-match'],
    ['an EC key for RS512', 'RS512', 'e1', 'no-match'],
    ['a path-like kid', 'RS384', '../../etc/passwd', 'no-match'],
  ] as const)('refuses %s', async (_name, alg, kid, reason) => {
    const resolver = createClientKeyResolver();
    const client = makeClient({ clientId: 'c', jwks: { keys: [rsa.publicJwk, ec.publicJwk] } });
    expect(await resolver.resolve(client, alg, kid)).toMatchObject({ ok: false, reason });
  });

  it('refuses a kid that matches two keys of the right type', async () => {
    const resolver = createClientKeyResolver();
    const client = makeClient({ clientId: 'c', jwks: { keys: [rsa.publicJwk, rsaTwin.publicJwk] } });
    expect(await resolver.resolve(client, 'RS384', 'k1')).toMatchObject({ ok: false, reason: 'ambiguous' });
  });

  it('refuses a key whose own alg names another algorithm', async () => {
    const resolver = createClientKeyResolver();
    const client = makeClient({ clientId: 'c', jwks: { keys: [{ ...rsa.publicJwk, alg: 'RS512' } as RegisteredJwk] } });
    expect(await resolver.resolve(client, 'RS384', 'k1')).toMatchObject({ ok: false, reason: 'no-match' });
  });
});

describe('jwksUri', () => {
  const url = 'https://lhcre.example.test/.well-known/jwks.json';
  let served: () => Response | Promise<Response>;
  let fetches = 0;
  const server = setupServer(
    http.get(url, () => {
      fetches += 1;
      return served();
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    fetches = 0;
    server.resetHandlers();
  });
  afterAll(() => server.close());

  const client = makeClient({ clientId: 'lhcre', kind: 'lhcre', jwksUri: url, algorithms: ['ES384'] });
  const jwks = (...keys: TestKey[]) => () => HttpResponse.json({ keys: keys.map((k) => k.publicJwk) });

  function setup(timeoutMs = 5_000) {
    let t = NOW_MS;
    const resolver = createClientKeyResolver({ now: () => t, timeoutMs, cooldownMs: 30_000, maxAgeMs: 600_000 });
    return { resolver, advance: (ms: number) => (t += ms) };
  }

  it('fetches once and serves later assertions from the cache', async () => {
    served = jwks(ec);
    const { resolver } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true });
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true });
    expect(fetches).toBe(1);
  });

  it('shares one fetch between concurrent assertions', async () => {
    served = jwks(ec);
    const { resolver } = setup();
    const results = await Promise.all([1, 2, 3].map(() => resolver.resolve(client, 'ES384', 'e1')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fetches).toBe(1);
  });

  it('answers unavailable on HTTP 500, and does not hammer the URL during the cooldown', async () => {
    served = () => new HttpResponse('oops', { status: 500 });
    const { resolver } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'unavailable', description: expect.stringContaining('HTTP 500') });
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(fetches).toBe(1);
  });

  it('answers unavailable when the URL does not answer within the timeout', async () => {
    served = async () => {
      await delay('infinite');
      return HttpResponse.json({});
    };
    const { resolver } = setup(50);
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'unavailable', description: expect.stringContaining('no answer within 50 ms') });
  });

  it('answers unavailable for HTML instead of a JWKS', async () => {
    served = () => HttpResponse.html('<html>login</html>');
    const { resolver } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'unavailable', description: expect.stringContaining('not JSON') });
  });

  it('skips private keys a careless client publishes', async () => {
    served = () => HttpResponse.json({ keys: [ec.privateJwk] });
    const { resolver } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'no-match' });
  });

  it('refetches for an unknown kid at most once per cooldown, then picks up a rotated key', async () => {
    served = jwks(ec);
    const { resolver, advance } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true });
    expect(fetches).toBe(1);

    advance(31_000);
    expect(await resolver.resolve(client, 'ES384', 'unknown-1')).toMatchObject({ ok: false, reason: 'no-match' });
    expect(fetches).toBe(2);
    // The client rotates now; random kids within the cooldown must not cause more fetches.
    served = jwks(ec, rotated);
    for (const kid of ['unknown-2', 'unknown-3', 'e2']) {
      expect(await resolver.resolve(client, 'ES384', kid)).toMatchObject({ ok: false, reason: 'no-match' });
    }
    expect(fetches).toBe(2);

    advance(30_000);
    expect(await resolver.resolve(client, 'ES384', 'e2')).toMatchObject({ ok: true, kid: 'e2' });
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true, kid: 'e1' });
    expect(fetches).toBe(3);
  });

  it('refreshes after the maximum cache age, so a removed key stops working', async () => {
    served = jwks(ec);
    const { resolver, advance } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true });
    served = jwks(rotated);
    advance(599_000);
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: true });
    advance(1_000);
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'no-match' });
    expect(fetches).toBe(2);
  });

  it('refuses a duplicate kid in a remote JWKS', async () => {
    served = () => HttpResponse.json({ keys: [ec.publicJwk, { ...rotated.publicJwk, kid: 'e1' }] });
    const { resolver } = setup();
    expect(await resolver.resolve(client, 'ES384', 'e1')).toMatchObject({ ok: false, reason: 'ambiguous' });
  });
});
