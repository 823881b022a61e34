import { randomUUID } from 'node:crypto';
import { base64url, exportSPKI, SignJWT } from 'jose';
import type { CryptoKey, JWTHeaderParameters, JWTPayload } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIENT_ASSERTION_TYPE, verifyClientAssertion } from './client-assertion.js';
import type { ClientAssertionDeps } from './client-assertion.js';
import { createClientKeyResolver } from './client-keys.js';
import type { ClientRegistry } from './client-registry.js';
import { createMemoryJtiCache } from './jti-cache.js';
import { FHIR_BASE, makeClient, makeKey, NOW_MS, NOW_S, registryOf, TOKEN_URL } from './test-fixtures.js';
import type { TestKey } from './test-fixtures.js';

let gpKey: TestKey;
let gpEcKey: TestKey;
let lhcreKey: TestKey;
let attackerKey: TestKey;
let twinA: TestKey;
let twinB: TestKey;
let registry: ClientRegistry;

beforeAll(async () => {
  [gpKey, gpEcKey, lhcreKey, attackerKey, twinA, twinB] = await Promise.all([
    makeKey('RS384', 'gp-key'),
    makeKey('ES384', 'gp-ec'),
    makeKey('ES384', 'lhcre-key'),
    makeKey('RS384', 'gp-key'),
    makeKey('RS512', 'twin'),
    makeKey('RS512', 'twin'),
  ]);
  registry = registryOf(
    // Registered for RS384 only, though it also lists an EC key: the pin is on the algorithm.
    makeClient({ clientId: 'gp', jwks: { keys: [gpKey.publicJwk, gpEcKey.publicJwk] } }),
    makeClient({ clientId: 'lhcre', kind: 'lhcre', algorithms: ['ES384'], roles: [], jwks: { keys: [lhcreKey.publicJwk] } }),
    makeClient({ clientId: 'receptionist-system', roles: ['B0264'], jwks: { keys: [gpKey.publicJwk] } }),
    // Registered for ES384 but with only an RSA key under that kid.
    makeClient({ clientId: 'mismatched', algorithms: ['ES384'], jwks: { keys: [{ ...gpKey.publicJwk, kid: 'gp-ec' }] } }),
    makeClient({ clientId: 'twins', algorithms: ['RS512'], jwks: { keys: [twinA.publicJwk, twinB.publicJwk] } }),
  );
});

function deps(overrides: Partial<ClientAssertionDeps> = {}): ClientAssertionDeps {
  return {
    registry,
    keys: createClientKeyResolver({ now: () => NOW_MS }),
    jtiCache: createMemoryJtiCache({ now: () => NOW_MS }),
    tokenUrl: TOKEN_URL,
    now: () => NOW_MS,
    ...overrides,
  };
}

interface SignOptions {
  readonly key?: TestKey;
  readonly header?: Partial<JWTHeaderParameters> & Record<string, unknown>;
  /** Claims to set; `undefined` removes a default claim. */
  readonly claims?: Record<string, unknown>;
  readonly clientId?: string;
}

async function sign(options: SignOptions = {}): Promise<string> {
  const key = options.key ?? gpKey;
  const clientId = options.clientId ?? 'gp';
  const claims: Record<string, unknown> = { iss: clientId, sub: clientId, aud: TOKEN_URL, exp: NOW_S + 240, iat: NOW_S, jti: randomUUID(), ...options.claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header };
  for (const [name, value] of Object.entries(header)) if (value === undefined) delete (header as Record<string, unknown>)[name];
  return new SignJWT(claims as JWTPayload).setProtectedHeader(header as JWTHeaderParameters).sign(key.privateKey as CryptoKey);
}

function form(assertion: string | undefined, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, ...extra });
  if (assertion !== undefined) params.set('client_assertion', assertion);
  return params;
}

function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}

const goodClaims = () => ({ iss: 'gp', sub: 'gp', aud: TOKEN_URL, exp: NOW_S + 240, iat: NOW_S, jti: randomUUID() });

describe('verifyClientAssertion: accepted assertions', () => {
  it('accepts a valid RS384 assertion (A1) with purpose TREAT and no user', async () => {
    const result = await verifyClientAssertion(form(await sign()), deps());
    expect(result).toMatchObject({ ok: true, purposeOfUse: 'TREAT', client: { clientId: 'gp' } });
    expect(result.ok && result.user).toBeUndefined();
  });

  it('accepts an ES384 assertion for a client registered for ES384', async () => {
    const result = await verifyClientAssertion(form(await sign({ key: lhcreKey, clientId: 'lhcre' })), deps());
    expect(result).toMatchObject({ ok: true, client: { clientId: 'lhcre', kind: 'lhcre' } });
  });

  it.each([
    ['typ left out', { header: { typ: undefined } }],
    ['typ in lower case', { header: { typ: 'jwt' } }],
    ['exp within the 10 s skew beyond 5 minutes', { claims: { exp: NOW_S + 305 } }],
    ['aud as a one-element array', { claims: { aud: [TOKEN_URL] } }],
  ])('accepts %s', async (_name, options) => {
    expect(await verifyClientAssertion(form(await sign(options)), deps())).toMatchObject({ ok: true });
  });

  it('returns the named user with activities within the client roles', async () => {
    const user = { id: '555021935107', name: 'Dr A Jones', role: 'R8000', activities: ['B0257', 'B0380'] };
    const result = await verifyClientAssertion(form(await sign({ claims: { requesting_user: user } })), deps());
    expect(result).toMatchObject({ ok: true, user: { id: '555021935107', name: 'Dr A Jones', roleCode: 'R8000', activities: ['B0257', 'B0380'] } });
  });

  it('grants break-glass to a clinical user holding B0257 who gives a reason', async () => {
    const claims = { requesting_user: { id: 'u1', activities: ['B0257'] }, purpose_of_use: 'ETREAT', break_glass_reason: ' Unconscious in ED ' };
    const result = await verifyClientAssertion(form(await sign({ claims })), deps());
    expect(result).toMatchObject({ ok: true, purposeOfUse: 'ETREAT', breakGlass: { reason: 'Unconscious in ED' } });
  });
});

type Case = readonly [name: string, build: () => Promise<URLSearchParams>, error: string, text: RegExp];

const refusals: Case[] = [
  ['grant_type=password (A2)', async () => form(await sign(), { grant_type: 'password' }), 'unsupported_grant_type', /grant_type is invalid/],
  ['grant_type missing (A2)', async () => { const f = form(await sign()); f.delete('grant_type'); return f; }, 'invalid_request', /grant_type is missing/],
  ['grant_type twice', async () => { const f = form(await sign()); f.append('grant_type', 'client_credentials'); return f; }, 'invalid_request', /given 2 times/],
  ['client_assertion_type wrong (A3)', async () => form(await sign(), { client_assertion_type: 'urn:other' }), 'invalid_request', /client_assertion_type/],
  ['client_assertion_type missing (A3)', async () => { const f = form(await sign()); f.delete('client_assertion_type'); return f; }, 'invalid_request', /client_assertion_type/],
  ['client_assertion missing', async () => form(undefined), 'invalid_request', /Missing client_assertion/],
  ['client_assertion not a JWT (A4)', async () => form('abc'), 'invalid_request', /Malformed JWT/],
  ['client_assertion with two segments (A4)', async () => form((await sign()).split('.').slice(0, 2).join('.')), 'invalid_request', /Malformed JWT/],
  ['client_assertion over 16 kB', async () => form(await sign({ claims: { padding: 'x'.repeat(17_000) } })), 'invalid_request', /Malformed JWT.*longer than/],
  ['alg none with empty signature (A5)', async () => form(unsigned({ alg: 'none', kid: 'gp-key', typ: 'JWT' }, goodClaims())), 'invalid_client', /'alg' header/],
  ['alg nOnE (A5)', async () => form(unsigned({ alg: 'nOnE', kid: 'gp-key', typ: 'JWT' }, goodClaims())), 'invalid_client', /'alg' header/],
  [
    'HS256 signed with the public key as the secret (A6)',
    async () => {
      const pem = await exportSPKI(gpKey.publicKey);
      const forged = await new SignJWT(goodClaims()).setProtectedHeader({ alg: 'HS256', kid: 'gp-key', typ: 'JWT' }).sign(new TextEncoder().encode(pem));
      return form(forged);
    },
    'invalid_client',
    /'alg' header/,
  ],
  ['an algorithm not registered for this client (A7)', async () => form(await sign({ key: gpEcKey })), 'invalid_client', /registered for RS384 only/],
  ['kid missing (A8)', async () => form(await sign({ header: { kid: undefined } })), 'invalid_request', /Missing 'kid'/],
  ['kid unknown (A9)', async () => form(await sign({ header: { kid: 'no-such-key' } })), 'invalid_client', /no registered public key/],
  ['kid path traversal (A9)', async () => form(await sign({ header: { kid: '../../etc/passwd' } })), 'invalid_client', /'kid' header/],
  ['kid SQL injection (A9)', async () => form(await sign({ header: { kid: "' OR 1=1--" } })), 'invalid_client', /'kid' header/],
  ['kid of 10 kB (A9)', async () => form(unsigned({ alg: 'RS384', kid: 'k'.repeat(10_000), typ: 'JWT' }, goodClaims(), 'c2ln')), 'invalid_client', /'kid' header/],
  ['kid of 300 characters (A9)', async () => form(await sign({ header: { kid: 'k'.repeat(300) } })), 'invalid_client', /'kid' header/],
  ['kid matching two registered keys', async () => form(await sign({ key: twinA, clientId: 'twins' })), 'invalid_client', /2 keys with this kid/],
  ['an RSA key registered under the kid of an ES384 client', async () => form(await sign({ key: gpEcKey, clientId: 'mismatched' })), 'invalid_client', /EC P-384/],
  ['jku pointing at an attacker JWKS (A10)', async () => form(await sign({ header: { jku: 'https://attacker.example/jwks.json' } })), 'invalid_client', /'jku' header/],
  ['embedded jwk with the attacker key (A11)', async () => form(await sign({ key: attackerKey, header: { jwk: attackerKey.publicJwk } })), 'invalid_client', /'jwk' header/],
  ['x5u header (A11)', async () => form(await sign({ header: { x5u: 'https://attacker.example/cert.pem' } })), 'invalid_client', /'x5u' header/],
  ['signed by an attacker key that reuses a registered kid', async () => form(await sign({ key: attackerKey })), 'invalid_client', /Invalid signature/],
  ['typ at+jwt (A12)', async () => form(await sign({ header: { typ: 'at+jwt' } })), 'invalid_request', /'typ' header/],
  ['exp missing (A13)', async () => form(await sign({ claims: { exp: undefined } })), 'invalid_request', /Missing 'exp'/],
  ['exp a string (A13)', async () => form(await sign({ claims: { exp: String(NOW_S + 60) } })), 'invalid_request', /must be an integer/],
  ['exp in the past (A13)', async () => form(await sign({ claims: { exp: NOW_S - 60 } })), 'invalid_request', /JWT has expired/],
  ['exp now + 360 s (A13)', async () => form(await sign({ claims: { exp: NOW_S + 360 } })), 'invalid_request', /more than 5 minutes in future/],
  ['iat 60 s in the future (A14)', async () => form(await sign({ claims: { iat: NOW_S + 60 } })), 'invalid_client', /'iat' claim.*future/],
  ['nbf 60 s in the future (A14)', async () => form(await sign({ claims: { nbf: NOW_S + 60 } })), 'invalid_client', /'nbf' claim.*future/],
  ['iss different from sub (A15)', async () => form(await sign({ claims: { sub: 'someone-else' } })), 'invalid_client', /non-matching 'iss'\/'sub'/],
  ['iss not a registered client (A15)', async () => form(await sign({ clientId: 'stranger' })), 'invalid_client', /not a registered client/],
  ['aud = the FHIR base URL (A16)', async () => form(await sign({ claims: { aud: FHIR_BASE } })), 'invalid_client', /'aud' claim/],
  ['aud missing (A16)', async () => form(await sign({ claims: { aud: undefined } })), 'invalid_request', /Missing 'aud'/],
  ['aud listing another audience too', async () => form(await sign({ claims: { aud: [TOKEN_URL, FHIR_BASE] } })), 'invalid_client', /'aud' claim/],
  ['jti missing', async () => form(await sign({ claims: { jti: undefined } })), 'invalid_request', /Missing 'jti'/],
  ['jti a number (A18)', async () => form(await sign({ claims: { jti: 12345 } })), 'invalid_request', /'jti' claim.*unique string/],
  [
    'a payload changed after signing (A19)',
    async () => {
      const [h, , s] = (await sign()).split('.');
      return form(`${h}.${base64url.encode(JSON.stringify({ ...goodClaims(), iss: 'gp', scope: 'system/*.cruds' }))}.${s}`);
    },
    'invalid_client',
    /Invalid signature/,
  ],
  [
    'an ECDSA "psychic signature" (r = s = 0)',
    async () => form(unsigned({ alg: 'ES384', kid: 'lhcre-key', typ: 'JWT' }, { ...goodClaims(), iss: 'lhcre', sub: 'lhcre' }, base64url.encode(new Uint8Array(96)))),
    'invalid_client',
    /Invalid signature/,
  ],
  ['a truncated signature (A19)', async () => form((await sign()).slice(0, -10)), 'invalid_client', /Invalid signature/],
  ['client_id not matching iss', async () => form(await sign(), { client_id: 'lhcre' }), 'invalid_client', /client_id does not match/],
  ['crit header', async () => form(unsigned({ alg: 'RS384', kid: 'gp-key', typ: 'JWT', crit: ['exp'] }, goodClaims(), 'c2ln')), 'invalid_client', /'crit' header/],
  [
    'user activities outside the client roles',
    async () => form(await sign({ clientId: 'receptionist-system', claims: { requesting_user: { id: 'u-secret-77', activities: ['B0264', 'B0380'] } } })),
    'invalid_grant',
    /1 code\(s\) this client is not registered to assert; allowed: B0264/,
  ],
  ['requesting_user without activities', async () => form(await sign({ claims: { requesting_user: { id: 'u1' } } })), 'invalid_request', /activities/],
  ['requesting_user without id', async () => form(await sign({ claims: { requesting_user: { activities: [] } } })), 'invalid_request', /requesting_user.id/],
  [
    'an LHCRE naming a user',
    async () => form(await sign({ key: lhcreKey, clientId: 'lhcre', claims: { requesting_user: { id: 'u1', activities: [] } } })),
    'invalid_grant',
    /lhcre client acts as itself/,
  ],
  ['ETREAT without a reason', async () => form(await sign({ claims: { requesting_user: { id: 'u1', activities: ['B0257'] }, purpose_of_use: 'ETREAT' } })), 'invalid_request', /break_glass_reason' is required/],
  [
    'ETREAT with a blank reason',
    async () => form(await sign({ claims: { requesting_user: { id: 'u1', activities: ['B0257'] }, purpose_of_use: 'ETREAT', break_glass_reason: '   ' } })),
    'invalid_request',
    /break_glass_reason' is required/,
  ],
  [
    'ETREAT by a user without B0257',
    async () => form(await sign({ claims: { requesting_user: { id: 'u1', activities: ['B0264'] }, purpose_of_use: 'ETREAT', break_glass_reason: 'emergency' } })),
    'invalid_grant',
    /holding activity B0257/,
  ],
  ['ETREAT without a user', async () => form(await sign({ claims: { purpose_of_use: 'ETREAT', break_glass_reason: 'emergency' } })), 'invalid_grant', /holding activity B0257/],
  [
    'ETREAT by an LHCRE',
    async () => form(await sign({ key: lhcreKey, clientId: 'lhcre', claims: { purpose_of_use: 'ETREAT', break_glass_reason: 'emergency' } })),
    'invalid_grant',
    /only for clinical systems/,
  ],
  ['an unknown purpose of use', async () => form(await sign({ claims: { purpose_of_use: 'HMARKT' } })), 'invalid_request', /'purpose_of_use'/],
  ['a break-glass reason without ETREAT', async () => form(await sign({ claims: { break_glass_reason: 'why not' } })), 'invalid_request', /only meaningful with purpose_of_use ETREAT/],
];

describe('verifyClientAssertion: refusals', () => {
  it.each(refusals)('refuses %s', async (_name, build, error, text) => {
    const jtiCache = createMemoryJtiCache({ now: () => NOW_MS });
    const result = await verifyClientAssertion(await build(), deps({ jtiCache }));
    expect(result).toMatchObject({ ok: false, error, status: error === 'invalid_client' ? 401 : 400 });
    if (!result.ok) expect(result.description).toMatch(text);
  });

  it('refuses a replayed jti (A17) and keeps the first acceptance', async () => {
    const d = deps();
    const assertion = await sign();
    expect(await verifyClientAssertion(form(assertion), d)).toMatchObject({ ok: true });
    expect(await verifyClientAssertion(form(assertion), d)).toMatchObject({ ok: false, status: 400, error: 'invalid_request', description: expect.stringMatching(/Non-unique 'jti'/) });
  });

  it('does not spend the jti of an assertion it refuses', async () => {
    const claim = vi.fn(() => true);
    await verifyClientAssertion(form(await sign({ claims: { aud: FHIR_BASE } })), deps({ jtiCache: { claim } }));
    expect(claim).not.toHaveBeenCalled();
  });

  it('never fetches anything named in a jku header (A10)', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const remoteClient = makeClient({ clientId: 'remote', jwksUri: 'https://client.example/jwks.json' });
    const d = deps({ registry: registryOf(remoteClient), keys: createClientKeyResolver({ fetch: fetchSpy, now: () => NOW_MS }) });
    const result = await verifyClientAssertion(form(await sign({ clientId: 'remote', header: { jku: 'https://attacker.example/jwks.json' } })), d);
    expect(result).toMatchObject({ ok: false, error: 'invalid_client' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers invalid_client when the client JWKS URL answers 500 (A22)', async () => {
    const failing = vi.fn<typeof fetch>(async () => new Response('down', { status: 500 }));
    const remoteClient = makeClient({ clientId: 'remote', jwksUri: 'https://client.example/jwks.json' });
    const d = deps({ registry: registryOf(remoteClient), keys: createClientKeyResolver({ fetch: failing, now: () => NOW_MS }) });
    const result = await verifyClientAssertion(form(await sign({ clientId: 'remote' })), d);
    expect(result).toMatchObject({ ok: false, status: 401, error: 'invalid_client', description: expect.stringContaining('HTTP 500') });
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it('keeps user ids and jti values out of its error texts', async () => {
    const result = await verifyClientAssertion(
      form(await sign({ clientId: 'receptionist-system', claims: { requesting_user: { id: 'u-secret-77', activities: ['B0380'] } } })),
      deps(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.description).not.toContain('u-secret-77');
  });
});
