import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapabilityStatement } from 'fhir/r4.js';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTHeaderParameters } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../test-support/test-server.js';
import { ASSERTION_TYPE, DEMO_CLIENT_IDS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 A (token endpoint) and H7/H8 (discovery), over real HTTP. */
let s: SecuredServer;

beforeAll(async () => {
  s = await startSecuredServer();
});
afterAll(async () => {
  await s.close();
});

const form = async (clientId: string, overrides: Record<string, string | undefined> = {}): Promise<Record<string, string>> => {
  const fields: Record<string, string | undefined> = {
    grant_type: 'client_credentials',
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await s.assertion(clientId),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

interface OAuthError {
  readonly error: string;
  readonly error_description: string;
}

describe('POST /oauth2/token', () => {
  it.each(DEMO_CLIENT_IDS)('issues a short-lived bearer token to %s that must not be cached', async (clientId) => {
    const answer = await s.tokenRequest(await form(clientId));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const body = answer.json as { access_token: unknown; token_type: unknown; expires_in: unknown; scope: unknown };
    expect(body.token_type).toBe('bearer');
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.expires_in).toBe('number');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.expires_in).toBeLessThanOrEqual(300);
    expect(typeof body.scope).toBe('string');
    expect(String(body.scope)).toMatch(/^system\/[A-Za-z]+\.[cruds]+( |$)/);
  });

  it('refuses a replayed assertion (same jti): the first gets a token, the second does not', async () => {
    const replayed = await form('demo-hospital-york');
    expect((await s.tokenRequest(replayed)).status).toBe(200);
    const second = await s.tokenRequest(replayed);
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ error: 'invalid_request' });
    expect((second.json as OAuthError).error_description).toMatch(/Non-unique 'jti'/);
    expect(second.json).not.toHaveProperty('access_token');
  });

  it.each([
    ['the FHIR base URL', (tokenUrl: string) => tokenUrl.replace('/oauth2/token', '/fhir')],
    ['another server', () => 'https://other.example.org/oauth2/token'],
  ])('refuses an assertion whose aud is %s with 401 invalid_client', async (_name, audience) => {
    const assertion = await s.assertion('demo-gp-riverside', { audience: audience(s.tokenUrl) });
    const answer = await s.tokenRequest(await form('demo-gp-riverside', { client_assertion: assertion }));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'invalid_client' });
    expect((answer.json as OAuthError).error_description).toContain(s.tokenUrl);
  });

  it('answers 401 invalid_client for a client id nobody registered, signed with a real key', async () => {
    // A registered client's key signing as someone else: the registry, not the key, decides.
    const real = await s.assertion('demo-gp-riverside');
    const [header, payload, signature] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, iss: 'demo-nobody', sub: 'demo-nobody' })).toString('base64url');
    const answer = await s.tokenRequest(await form('demo-gp-riverside', { client_assertion: `${header}.${forged}.${signature}` }));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'invalid_client' });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 invalid_client when the payload was changed after signing', async () => {
    const real = await s.assertion('demo-lhcre-wessex');
    const [header, payload, signature] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const changed = Buffer.from(JSON.stringify({ ...claims, jti: `${String(claims['jti'])}-x` })).toString('base64url');
    const answer = await s.tokenRequest(await form('demo-lhcre-wessex', { client_assertion: `${header}.${changed}.${signature}` }));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'invalid_client' });
  });

  it.each([
    ['grant_type=password', { grant_type: 'password' }, 'unsupported_grant_type'],
    ['no grant_type', { grant_type: undefined }, 'invalid_request'],
    ['a wrong client_assertion_type', { client_assertion_type: 'urn:example:password' }, 'invalid_request'],
    ['no client_assertion_type', { client_assertion_type: undefined }, 'invalid_request'],
    ['no client_assertion', { client_assertion: undefined }, 'invalid_request'],
    ['a client_assertion that is not a JWT', { client_assertion: 'abc' }, 'invalid_request'],
    ['a client_assertion with two segments', { client_assertion: 'eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJ4In0' }, 'invalid_request'],
  ])('answers 400 %s with RFC 6749 error %s', async (_name, overrides, error) => {
    const answer = await s.tokenRequest(await form('demo-gp-riverside', overrides));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error });
    expect(typeof (answer.json as OAuthError).error_description).toBe('string');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('never grants more scope than registered (system/*.cruds for an LHCRE)', async () => {
    const answer = await s.tokenRequest(await form('demo-lhcre-yhcr', { scope: 'system/*.cruds' }));
    if (answer.status === 200) {
      const scope = String((answer.json as { scope: unknown }).scope);
      expect(scope).not.toMatch(/\*|\.c|\.[a-z]*[cud]/);
    } else {
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: 'invalid_scope' });
    }
  });

  it('never grants d for an undefined suffix order (system/Flag.dus)', async () => {
    const answer = await s.tokenRequest(await form('demo-lhcre-yhcr', { scope: 'system/Flag.dus' }));
    if (answer.status === 200) expect(String((answer.json as { scope: unknown }).scope)).not.toMatch(/\.[a-z]*d/);
    else expect(answer.json).toMatchObject({ error: 'invalid_scope' });
    expect([200, 400]).toContain(answer.status);
  });

  it('refuses a user assertion from an LHCRE, which acts as itself', async () => {
    const assertion = await s.assertion('demo-lhcre-yhcr', { user: USERS.manager });
    const answer = await s.tokenRequest(await form('demo-lhcre-yhcr', { client_assertion: assertion }));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the key that verifies an issued access token, and only public parts of it', async () => {
    const jwks = await send(`${s.server.publicUrl}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    const set = jwks.json as JSONWebKeySet;
    expect(set.keys.length).toBeGreaterThan(0);
    for (const key of set.keys) {
      expect(typeof key.kid).toBe('string');
      expect(key).not.toHaveProperty('d');
    }
    const token = await s.token('demo-gp-riverside', { user: USERS.manager });
    expect(set.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(set), { issuer: s.server.publicUrl, audience: s.base });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload.sub).toBe('demo-gp-riverside');
    expect(Number(payload.exp) - Number(payload.iat)).toBeLessThanOrEqual(300);
  });
});

describe('SMART discovery', () => {
  it('serves /fhir/.well-known/smart-configuration without a token, with the required fields', async () => {
    const answer = await send(`${s.base}/.well-known/smart-configuration`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const config = answer.json as Record<string, unknown>;
    expect(config['token_endpoint']).toBe(s.tokenUrl);
    expect(config['grant_types_supported']).toContain('client_credentials');
    expect(config['token_endpoint_auth_methods_supported']).toContain('private_key_jwt');
    expect(config['token_endpoint_auth_signing_alg_values_supported']).toEqual(expect.arrayContaining(['RS384', 'ES384', 'RS512']));
    expect(config['token_endpoint_auth_signing_alg_values_supported']).not.toContain('none');
    expect(config['capabilities']).toEqual(expect.arrayContaining(['client-confidential-asymmetric']));
    expect(config['code_challenge_methods_supported']).not.toContain('plain');
    expect(config['scopes_supported']).toEqual(expect.arrayContaining(['system/Flag.rs', 'system/Flag.cruds']));
  });

  it('serves /fhir/metadata without a token, naming the SMART service and the token URL in rest.security', async () => {
    const answer = await send(`${s.base}/metadata`);
    expect(answer.status).toBe(200);
    const security = (answer.json as CapabilityStatement).rest?.[0]?.security;
    expect(security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    const uris = security?.extension?.find((e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
    expect(uris?.extension?.find((e) => e.url === 'token')?.valueUri).toBe(s.tokenUrl);
  });
});

describe('crafted client assertions (security.md A5–A18), over HTTP', () => {
  const CLIENT = 'demo-gp-riverside';
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const base: Record<string, unknown> = { iss: CLIENT, sub: CLIENT, aud: s.tokenUrl, iat: nowSeconds(), exp: nowSeconds() + 240, jti: randomUUID() };
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete base[key];
      else base[key] = value;
    }
    return base;
  };
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  /** Signed with the client's own registered key, with whatever header and claims a test wants. */
  async function signed(header: Record<string, unknown>, payload: Record<string, unknown>, clientId = CLIENT): Promise<string> {
    const { privateJwk, alg } = s.demoKey(clientId);
    const signingAlg = typeof header['alg'] === 'string' ? header['alg'] : alg;
    const key = (await importJWK(privateJwk, signingAlg)) as CryptoKey;
    const protectedHeader = { alg: signingAlg, typ: 'JWT', kid: privateJwk.kid, ...header } as JWTHeaderParameters;
    for (const [name, value] of Object.entries(protectedHeader)) if (value === undefined) delete (protectedHeader as Record<string, unknown>)[name];
    return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(key);
  }

  async function refused(assertion: string, status: number, error: string, description?: RegExp): Promise<void> {
    const answer = await s.tokenRequest(await form(CLIENT, { client_assertion: assertion }));
    expect(answer.status, answer.text).toBe(status);
    expect(answer.json).toMatchObject({ error });
    expect(answer.json).not.toHaveProperty('access_token');
    if (description !== undefined) expect((answer.json as OAuthError).error_description).toMatch(description);
  }

  it('A5: refuses alg none with an empty signature', async () => {
    const { privateJwk } = s.demoKey(CLIENT);
    await refused(`${b64({ alg: 'none', typ: 'JWT', kid: privateJwk.kid })}.${b64(claims())}.`, 401, 'invalid_client', /unsupported algorithm/);
  });

  it('A6: refuses HS256 keyed with the client public key (algorithm confusion)', async () => {
    const { privateJwk } = s.demoKey(CLIENT);
    const { d: _d, ...publicJwk } = privateJwk;
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: privateJwk.kid })}.${b64(claims())}`;
    const mac = createHmac('sha256', JSON.stringify(publicJwk)).update(head).digest('base64url');
    await refused(`${head}.${mac}`, 401, 'invalid_client', /alg/);
  });

  it('A7: refuses an algorithm the client is not registered for (RS384 from an RS512-only client)', async () => {
    const { privateJwk } = s.demoKey('demo-lhcre-yhcr');
    const payload = { ...claims(), iss: 'demo-lhcre-yhcr', sub: 'demo-lhcre-yhcr' };
    const key = (await importJWK(privateJwk, 'RS384')) as CryptoKey;
    const assertion = await new SignJWT(payload).setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid: privateJwk.kid ?? '' }).sign(key);
    const answer = await s.tokenRequest(await form('demo-lhcre-yhcr', { client_assertion: assertion }));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'invalid_client' });
    expect((answer.json as OAuthError).error_description).toMatch(/registered for RS512 only/);
  });

  it('A8: refuses a missing kid with invalid_request', async () => {
    await refused(await signed({ kid: undefined }, claims()), 400, 'invalid_request', /Missing 'kid'/);
  });

  it.each([['../../etc/passwd'], ["' OR 1=1--"], ['k'.repeat(10_000)], ['unknown-kid']])('A9: refuses kid %s with invalid_client', async (kid) => {
    const started = Date.now();
    const assertion = await signed({ kid }, claims());
    if (assertion.length > 16_000) {
      // Above the form's 16 kB limit: refused before any key lookup.
      const answer = await s.tokenRequest(await form(CLIENT, { client_assertion: assertion }));
      expect([400, 413]).toContain(answer.status);
      expect(answer.json).not.toHaveProperty('access_token');
    } else {
      await refused(assertion, 401, 'invalid_client');
    }
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('A10: refuses a jku header and never fetches it', async () => {
    let hits = 0;
    const trap = createServer((_req, res) => {
      hits += 1;
      res.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = trap.address() as AddressInfo;
      await refused(await signed({ jku: `http://127.0.0.1:${port}/jwks.json` }, claims()), 401, 'invalid_client', /jku/);
      expect(hits).toBe(0);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
  });

  it('A11: refuses an embedded jwk header carrying an attacker key', async () => {
    const attacker = await generateKeyPair('ES384', { extractable: true });
    const { privateJwk } = s.demoKey(CLIENT);
    const assertion = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: privateJwk.kid ?? '', jwk: await exportJWK(attacker.publicKey) })
      .sign(attacker.privateKey as CryptoKey);
    await refused(assertion, 401, 'invalid_client');
  });

  it('A12: refuses typ at+jwt with invalid_request', async () => {
    await refused(await signed({ typ: 'at+jwt' }, claims()), 400, 'invalid_request', /'typ'/);
  });

  it.each([
    ['missing', undefined, /Missing 'exp'/],
    ['a string', 'soon', /must be an integer/],
    ['in the past', -120, /expired/],
    ['more than 5 minutes ahead', 360, /more than 5 minutes/],
  ])('A13: refuses exp %s with invalid_request and its own diagnostic', async (_name, exp, description) => {
    const value = typeof exp === 'number' ? nowSeconds() + exp : exp;
    await refused(await signed({}, claims({ exp: value })), 400, 'invalid_request', description);
  });

  it('A14: refuses iat more than 30 s in the future with invalid_client', async () => {
    await refused(await signed({}, claims({ iat: nowSeconds() + 120 })), 401, 'invalid_client', /future/);
  });

  it('A15: refuses iss that differs from sub with invalid_client', async () => {
    await refused(await signed({}, claims({ sub: 'demo-hospital-york' })), 401, 'invalid_client', /'iss'\/'sub'/);
  });

  it('A16: refuses a missing aud with invalid_request', async () => {
    await refused(await signed({}, claims({ aud: undefined })), 400, 'invalid_request', /Missing 'aud'/);
  });

  it('A18: refuses a numeric jti with invalid_request', async () => {
    await refused(await signed({}, claims({ jti: 12345 })), 400, 'invalid_request', /'jti'/);
  });

  it('accepts the same crafting with nothing wrong (the control)', async () => {
    const answer = await s.tokenRequest(await form(CLIENT, { client_assertion: await signed({}, claims()) }));
    expect(answer.status).toBe(200);
  });
});
