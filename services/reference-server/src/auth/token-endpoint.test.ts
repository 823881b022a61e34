import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from './access-token.js';
import { CLIENT_ASSERTION_TYPE } from './client-assertion.js';
import { createClientKeyResolver } from './client-keys.js';
import { createMemoryJtiCache } from './jti-cache.js';
import { loadOrCreateServerKeys } from './server-keys.js';
import type { ServerKeys } from './server-keys.js';
import { signClientAssertion } from './sign-client-assertion.js';
import { FHIR_BASE, ISSUER, makeClient, makeKey, NOW_MS, registryOf, TOKEN_URL } from './test-fixtures.js';
import type { TestKey } from './test-fixtures.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { TokenEndpointDeps } from './token-endpoint.js';

let dir: string;
let serverKeys: ServerKeys;
let gpKey: TestKey;
let lhcreKey: TestKey;
let deps: TokenEndpointDeps;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'raflag-token-'));
  const loaded = await loadOrCreateServerKeys(dir);
  if (!loaded.ok) throw new Error(loaded.message);
  serverKeys = loaded.keys;
  [gpKey, lhcreKey] = await Promise.all([makeKey('RS384', 'gp-key'), makeKey('RS512', 'lhcre-key')]);
  deps = {
    registry: registryOf(
      makeClient({ clientId: 'gp', jwks: { keys: [gpKey.publicJwk] }, scopes: ['system/Flag.cruds', 'system/Consent.rs'] }),
      makeClient({
        clientId: 'yhcr',
        kind: 'lhcre',
        organisation: { odsCode: 'QWO', name: 'Yorkshire and Humber Care Record' },
        algorithms: ['RS512'],
        roles: [],
        scopes: ['system/Flag.rs', 'system/Condition.rs', 'system/Consent.rs'],
        jwks: { keys: [lhcreKey.publicJwk] },
      }),
    ),
    keys: createClientKeyResolver({ now: () => NOW_MS }),
    jtiCache: createMemoryJtiCache({ now: () => NOW_MS }),
    tokenUrl: TOKEN_URL,
    now: () => NOW_MS,
    serverKeys,
    issuer: ISSUER,
    fhirBaseUrl: FHIR_BASE,
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const form = (assertion: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion, ...extra });

describe('handleTokenRequest', () => {
  it('answers a valid request with an RFC 6749 token response whose token verifies (A1)', async () => {
    const user = { id: 'u1', activities: ['B0257', 'B0380'] };
    const assertion = await signClientAssertion({ clientId: 'gp', privateJwk: gpKey.privateJwk, alg: 'RS384', tokenUrl: TOKEN_URL, user, now: () => NOW_MS });
    const response = await handleTokenRequest(form(assertion, { scope: 'system/Flag.rs' }), deps);
    expect(response.status).toBe(200);
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(response.body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Flag.rs' });
    if (!('access_token' in response.body)) return;
    const verified = await verifyAccessToken(response.body.access_token, serverKeys, { issuer: ISSUER, audience: FHIR_BASE, now: () => NOW_MS });
    expect(verified).toMatchObject({
      ok: true,
      principal: { clientId: 'gp', clientKind: 'clinical-system', organisation: { odsCode: 'B82005' }, scope: 'system/Flag.rs', user: { id: 'u1', activities: ['B0257', 'B0380'] }, purposeOfUse: 'TREAT' },
    });
  });

  it('grants every registered scope when none is asked for', async () => {
    const assertion = await signClientAssertion({ clientId: 'yhcr', privateJwk: lhcreKey.privateJwk, alg: 'RS512', tokenUrl: TOKEN_URL, now: () => NOW_MS });
    const response = await handleTokenRequest(form(assertion), deps);
    expect(response.body).toMatchObject({ scope: 'system/Flag.rs system/Condition.rs system/Consent.rs' });
  });

  it('narrows a broader request to the registration (A20)', async () => {
    const assertion = await signClientAssertion({ clientId: 'yhcr', privateJwk: lhcreKey.privateJwk, alg: 'RS512', tokenUrl: TOKEN_URL, now: () => NOW_MS });
    const response = await handleTokenRequest(form(assertion, { scope: 'system/*.cruds' }), deps);
    expect(response.body).toMatchObject({ scope: 'system/Flag.rs system/Condition.rs system/Consent.rs' });
  });

  it('answers 400 invalid_scope for a scope wholly outside the registration', async () => {
    const assertion = await signClientAssertion({ clientId: 'yhcr', privateJwk: lhcreKey.privateJwk, alg: 'RS512', tokenUrl: TOKEN_URL, now: () => NOW_MS });
    const response = await handleTokenRequest(form(assertion, { scope: 'system/Flag.cud' }), deps);
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('answers 401 invalid_client as error JSON without a token', async () => {
    const assertion = await signClientAssertion({ clientId: 'gp', privateJwk: lhcreKey.privateJwk, alg: 'RS384', tokenUrl: TOKEN_URL, now: () => NOW_MS });
    const response = await handleTokenRequest(form(assertion), deps);
    expect(response.status).toBe(401);
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(Object.keys(response.body).sort()).toEqual(['error', 'error_description']);
    expect(response.body).toMatchObject({ error: 'invalid_client' });
  });

  it('answers 400 unsupported_grant_type', async () => {
    const response = await handleTokenRequest(new URLSearchParams({ grant_type: 'password' }), deps);
    expect(response).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('gives one token for an assertion, then refuses its replay (A17)', async () => {
    const assertion = await signClientAssertion({ clientId: 'gp', privateJwk: gpKey.privateJwk, alg: 'RS384', tokenUrl: TOKEN_URL, now: () => NOW_MS });
    expect((await handleTokenRequest(form(assertion), deps)).status).toBe(200);
    expect(await handleTokenRequest(form(assertion), deps)).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: expect.stringContaining("Non-unique 'jti'") } });
  });
});
