import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../auth/access-token.js';
import { loadOrCreateServerKeys, type ServerKeys } from '../../auth/server-keys.js';
import { messageIds, outcomeOf, type Received } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 B: what the FHIR API does with the access token on every call. */
let s: SecuredServer;
let serverKeys: ServerKeys;
let flagSearch: string;

beforeAll(async () => {
  s = await startSecuredServer();
  // The same key file the running server signs with, loaded again: tokens minted here are the server's own.
  const keys = await loadOrCreateServerKeys(s.server.dataDir);
  if (!keys.ok) throw new Error(keys.message);
  serverKeys = keys.keys;
  flagSearch = `/Flag?patient=${await s.patientId(DEMO_PATIENTS.permitted)}`;
});
afterAll(async () => {
  await s.close();
});

const gpClient = { clientId: 'demo-gp-riverside', kind: 'clinical-system', organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' } } as const;
const gpUser = { id: '555086415105', activities: ['B0257', 'B0380'] };

/** An access token from the server's own key, with the clock and audience a test chooses. */
const minted = async (options: { readonly issuedSecondsAgo?: number; readonly audience?: string; readonly issuer?: string } = {}): Promise<string> =>
  (
    await issueAccessToken({
      keys: serverKeys,
      issuer: options.issuer ?? s.server.publicUrl,
      audience: options.audience ?? s.base,
      client: gpClient,
      scope: 'system/Flag.cruds',
      user: gpUser,
      purposeOfUse: 'TREAT',
      now: () => Date.now() - (options.issuedSecondsAgo ?? 0) * 1000,
    })
  ).token;

/** The claims an issued token carries, signed with a key the server never had. */
async function foreignToken(kid: string | undefined): Promise<string> {
  const genuine = await minted();
  const claims = JSON.parse(Buffer.from(genuine.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const { privateKey } = await generateKeyPair('ES384');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) }).sign(privateKey as CryptoKey);
}

function expectRefused(answer: Received, bearerError: boolean): void {
  expect(answer.status).toBe(401);
  expect(outcomeOf(answer).resourceType).toBe('OperationOutcome');
  expect(outcomeOf(answer).issue[0]?.code).toBe('login');
  const challenge = answer.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer /);
  if (bearerError) expect(challenge).toContain('error="invalid_token"');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.text).not.toContain('Okafor');
}

describe('access tokens on FHIR calls', () => {
  it('answers a call without Authorization with 401, an OperationOutcome and WWW-Authenticate: Bearer', async () => {
    const answer = await s.fhir(flagSearch, undefined);
    expectRefused(answer, false);
    expect(messageIds(answer)).toEqual(['http.auth-required']);
  });

  it.each([
    ['Basic credentials', 'Basic ZGVtbzpkZW1v'],
    ['an empty Bearer', 'Bearer '],
    ['garbage', 'Bearer not.a.token'],
    ['a token that is not three parts', 'Bearer abc'],
  ])('answers %s with 401', async (_name, authorization) => {
    const answer = await s.fhir(flagSearch, undefined, { headers: { Authorization: authorization } });
    expect(answer.status).toBe(401);
    expect(outcomeOf(answer).issue[0]?.code).toBe('login');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('accepts a token the server minted now (the control for the refusals below)', async () => {
    const answer = await s.fhir(flagSearch, await minted());
    expect(answer.status).toBe(200);
  });

  it('answers an expired token (exp 100 s ago, beyond the 30 s tolerance) with 401 invalid_token', async () => {
    // Issued 400 s ago with the longest lifetime (300 s): expired 100 s ago.
    const answer = await s.fhir(flagSearch, await minted({ issuedSecondsAgo: 400 }));
    expectRefused(answer, true);
    expect(answer.headers.get('www-authenticate')).toContain('expired');
  });

  it('accepts a token that expired 10 s ago, within the documented 30 s clock tolerance', async () => {
    const answer = await s.fhir(flagSearch, await minted({ issuedSecondsAgo: 310 }));
    expect(answer.status).toBe(200);
  });

  it('refuses a token with the right claims signed by another key under the server kid', async () => {
    const kid = decodeProtectedHeader(await minted()).kid;
    expectRefused(await s.fhir(flagSearch, await foreignToken(kid)), true);
  });

  it('refuses a token signed by another key under a kid the server does not know', async () => {
    expectRefused(await s.fhir(flagSearch, await foreignToken('attacker-key')), true);
  });

  it('refuses a token carrying its own key in the header (embedded jwk)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const claims = JSON.parse(Buffer.from((await minted()).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', jwk: await exportJWK(publicKey) }).sign(privateKey as CryptoKey);
    expectRefused(await s.fhir(flagSearch, token), true);
  });

  it('refuses an alg:none token with forged scopes', async () => {
    const claims = JSON.parse(Buffer.from((await minted()).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: decodeProtectedHeader(await minted()).kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, scope: 'system/*.cruds' })).toString('base64url');
    // The bearer pattern needs three non-empty parts; a signature of junk keeps it from being "missing".
    expectRefused(await s.fhir(flagSearch, `${header}.${payload}.AAAA`), true);
  });

  it.each([
    ['another API (wrong audience)', { audience: 'https://other.example.org/fhir' }],
    ['another issuer', { issuer: 'https://other.example.org' }],
  ])('refuses a server-signed token for %s', async (_name, options) => {
    expectRefused(await s.fhir(flagSearch, await minted(options)), true);
  });

  it('refuses a client assertion (validly signed by the client) used as a bearer token', async () => {
    const assertion = await s.assertion('demo-gp-riverside');
    expectRefused(await s.fhir(flagSearch, assertion), true);
  });

  it('refuses a bit-flipped signature on a real token', async () => {
    const token = await s.token('demo-lhcre-yhcr');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expectRefused(await s.fhir(flagSearch, `${header}.${payload}.${flipped}`), true);
  });

  it('B10: answers a valid token with a malformed X-Request-ID with 400, never echoing it back', async () => {
    const bad = `xx${'0d9e6c4e-8a7b-4f51-9d0c-5b2f3c1a7e11'}xx`;
    const answer = await s.fhir(flagSearch, await minted(), { headers: { 'X-Request-ID': bad } });
    expect(answer.status).toBe(400);
    expect(messageIds(answer)).toEqual(['http.request-id-invalid']);
    expect(answer.headers.get('x-request-id')).not.toBe(bad);
  });
});

describe('security headers on FHIR answers (H6)', () => {
  it.each([
    ['a 200', true],
    ['a 401', false],
  ])('sends no-store, nosniff and no X-Powered-By on %s', async (_name, withToken) => {
    const answer = await s.fhir(flagSearch, withToken ? await minted() : undefined);
    expect(answer.status).toBe(withToken ? 200 : 401);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});
