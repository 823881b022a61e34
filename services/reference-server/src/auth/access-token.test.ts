import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken, verifyAccessToken } from './access-token.js';
import type { IssueAccessTokenInput } from './access-token.js';
import { loadOrCreateServerKeys, rotateServerKey } from './server-keys.js';
import type { ServerKeys } from './server-keys.js';
import { FHIR_BASE, ISSUER, makeKey, NOW_MS, NOW_S } from './test-fixtures.js';

const dirs: string[] = [];
async function freshKeys(): Promise<{ dir: string; keys: ServerKeys }> {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-at-'));
  dirs.push(dir);
  const result = await loadOrCreateServerKeys(dir);
  if (!result.ok) throw new Error(result.message);
  return { dir, keys: result.keys };
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let server: { dir: string; keys: ServerKeys };
let other: ServerKeys;
beforeAll(async () => {
  server = await freshKeys();
  other = (await freshKeys()).keys;
});

const client = { clientId: 'gp', kind: 'clinical-system', organisation: { odsCode: 'B82005', name: 'Riverside Surgery' } } as const;
const at = (ms: number) => ({ issuer: ISSUER, audience: FHIR_BASE, now: () => ms });

function issue(overrides: Partial<IssueAccessTokenInput> = {}) {
  return issueAccessToken({ keys: server.keys, issuer: ISSUER, audience: FHIR_BASE, client, scope: 'system/Flag.rs', purposeOfUse: 'TREAT', now: () => NOW_MS, ...overrides });
}

describe('issueAccessToken + verifyAccessToken', () => {
  it('round-trips the caller into a ClientPrincipal', async () => {
    const user = { id: 'u1', name: 'Dr A Jones', roleCode: 'R8000', activities: ['B0257'] };
    const issued = await issue({ user, purposeOfUse: 'ETREAT', breakGlass: { reason: 'unconscious' } });
    expect(issued.expiresIn).toBe(300);
    const result = await verifyAccessToken(issued.token, server.keys, at(NOW_MS));
    expect(result).toEqual({
      ok: true,
      principal: {
        kind: 'client',
        clientId: 'gp',
        clientKind: 'clinical-system',
        organisation: { odsCode: 'B82005', name: 'Riverside Surgery' },
        scope: 'system/Flag.rs',
        user,
        purposeOfUse: 'ETREAT',
        breakGlass: { reason: 'unconscious' },
        tokenId: issued.jti,
      },
    });
  });

  it('never issues a lifetime above 300 s', async () => {
    const issued = await issue({ lifetimeSeconds: 3600 });
    expect(issued.expiresIn).toBe(300);
    const [, payload] = issued.token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as { iat: number; exp: number; typ?: string };
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('accepts a token 10 s past exp (within the 30 s tolerance, B4)', async () => {
    const { token } = await issue();
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS + 310_000))).toMatchObject({ ok: true });
  });

  it('refuses a token 31 s past exp (B3)', async () => {
    const { token } = await issue();
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS + 331_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token issued more than 30 s in the future', async () => {
    const { token } = await issue({ now: () => NOW_MS + 60_000 });
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it.each([
    ['another audience (B5)', { issuer: ISSUER, audience: 'https://other.example/fhir' }, 'wrong-audience'],
    ['another issuer (B5)', { issuer: 'https://evil.example', audience: FHIR_BASE }, 'wrong-issuer'],
  ])('refuses %s', async (_name, expected, reason) => {
    const { token } = await issue();
    expect(await verifyAccessToken(token, server.keys, { ...expected, now: () => NOW_MS })).toEqual({ ok: false, reason });
  });

  it('refuses a client assertion replayed as an access token (B6)', async () => {
    const clientKey = await makeKey('ES384', 'client-kid');
    const assertion = await new SignJWT({ iss: 'gp', sub: 'gp', aud: FHIR_BASE, jti: 'j', scope: 'system/*.cruds' })
      .setProtectedHeader({ alg: 'ES384', kid: 'client-kid', typ: 'JWT' })
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .sign(clientKey.privateKey);
    expect(await verifyAccessToken(assertion, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'wrong-type' });
  });

  it('refuses a token with typ JWT even when signed by the server key', async () => {
    const token = await server.keys.sign({ iss: ISSUER, aud: FHIR_BASE, sub: 'gp', client_id: 'gp', scope: 'x', jti: 'j', iat: NOW_S, exp: NOW_S + 60 }, { typ: 'JWT' });
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'wrong-type' });
  });

  it('refuses a token signed by another server key (B5)', async () => {
    const { token } = await issue({ keys: other });
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('refuses a token signed by another key that claims our kid', async () => {
    const attacker = await makeKey('ES384', server.keys.currentKid);
    const forged = await new SignJWT({ iss: ISSUER, aud: FHIR_BASE, sub: 'gp', client_id: 'gp', scope: 'system/*.cruds', jti: 'j' })
      .setProtectedHeader({ alg: 'ES384', kid: server.keys.currentKid, typ: 'at+jwt' })
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .sign(attacker.privateKey);
    expect(await verifyAccessToken(forged, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a payload changed after signing', async () => {
    const { token } = await issue();
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p ?? ''))) as Record<string, unknown>;
    const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, scope: 'system/*.cruds' }))}.${s}`;
    expect(await verifyAccessToken(tampered, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses alg none with forged scopes (B7)', async () => {
    const part = (v: unknown) => base64url.encode(JSON.stringify(v));
    const token = `${part({ alg: 'none', typ: 'at+jwt', kid: server.keys.currentKid })}.${part({ iss: ISSUER, aud: FHIR_BASE, sub: 'gp', client_id: 'gp', scope: 'system/*.cruds', jti: 'j', iat: NOW_S, exp: NOW_S + 60 })}.`;
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toMatchObject({ ok: false });
  });

  it.each([
    ['jti', { jti: undefined }],
    ['exp', { exp: undefined }],
    ['iat', { iat: undefined }],
  ])('refuses a server-signed token without %s', async (_claim, removed) => {
    const claims = { iss: ISSUER, aud: FHIR_BASE, sub: 'gp', client_id: 'gp', client_kind: 'lhcre', organisation: { ods_code: 'X', name: 'x' }, scope: 'x', jti: 'j', iat: NOW_S, exp: NOW_S + 60, purpose_of_use: 'TREAT', ...removed };
    const token = await server.keys.sign(JSON.parse(JSON.stringify(claims)) as Record<string, unknown>, { typ: 'at+jwt' });
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'missing-claim' });
  });

  it('refuses a server-signed token that lives longer than 300 s', async () => {
    const claims = { iss: ISSUER, aud: FHIR_BASE, sub: 'gp', client_id: 'gp', client_kind: 'lhcre', organisation: { ods_code: 'X', name: 'x' }, scope: 'x', jti: 'j', iat: NOW_S, exp: NOW_S + 3600, purpose_of_use: 'TREAT' };
    const token = await server.keys.sign(claims, { typ: 'at+jwt' });
    expect(await verifyAccessToken(token, server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'lifetime-too-long' });
  });

  it('refuses an oversized or empty token (B8)', async () => {
    expect(await verifyAccessToken('a'.repeat(9000), server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyAccessToken('', server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyAccessToken('not.a.jwt', server.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('still verifies a token signed by a rotated-out key while it stays in the key file', async () => {
    const { dir, keys } = await freshKeys();
    const before = await issue({ keys });
    const rotated = await rotateServerKey(dir);
    if (!rotated.ok) throw new Error(rotated.message);
    expect(await verifyAccessToken(before.token, rotated.keys, at(NOW_MS))).toMatchObject({ ok: true });
    const after = await issue({ keys: rotated.keys });
    expect(await verifyAccessToken(after.token, rotated.keys, at(NOW_MS))).toMatchObject({ ok: true });
    // Two more rotations push the first key out of the file: its tokens stop verifying.
    await rotateServerKey(dir);
    const last = await rotateServerKey(dir);
    if (!last.ok) throw new Error(last.message);
    expect(await verifyAccessToken(before.token, last.keys, at(NOW_MS))).toEqual({ ok: false, reason: 'unknown-key' });
  });
});
