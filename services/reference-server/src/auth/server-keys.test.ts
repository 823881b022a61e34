import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateServerKeys, rotateServerKey, SERVER_KEY_FILE } from './server-keys.js';
import type { ServerKeys } from './server-keys.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'raflag-server-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function load(): Promise<ServerKeys> {
  const result = await loadOrCreateServerKeys(dir);
  if (!result.ok) throw new Error(result.message);
  return result.keys;
}

describe('loadOrCreateServerKeys', () => {
  it('creates an ES384 key on first start in a 0600 file, kid = RFC 7638 thumbprint', async () => {
    const keys = await load();
    const file = join(dir, SERVER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [published] = keys.publicJwks().keys;
    expect(published).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig', kid: keys.currentKid });
    expect(published && 'd' in published).toBe(false);
    if (published === undefined) return;
    expect(await calculateJwkThumbprint({ kty: 'EC', crv: published.crv, x: published.x, y: published.y }, 'sha256')).toBe(keys.currentKid);
  });

  it('reloads the same key on a later start', async () => {
    const first = await load();
    const before = readFileSync(join(dir, SERVER_KEY_FILE), 'utf8');
    const second = await load();
    expect(second.currentKid).toBe(first.currentKid);
    expect(readFileSync(join(dir, SERVER_KEY_FILE), 'utf8')).toBe(before);
  });

  it('signs with the requested typ and the current kid, verifiable from the published JWKS only', async () => {
    const keys = await load();
    const token = await keys.sign({ hello: 'world' }, { typ: 'at+jwt' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: [...keys.publicJwks().keys] }), { typ: 'at+jwt' });
    expect(payload.hello).toBe('world');
    expect(protectedHeader).toMatchObject({ alg: 'ES384', kid: keys.currentKid, typ: 'at+jwt' });
  });

  it('refuses a corrupt key file and leaves it alone', async () => {
    const file = join(dir, SERVER_KEY_FILE);
    writeFileSync(file, '{"keys": "nope"}');
    const result = await loadOrCreateServerKeys(dir);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('not a server key file') });
    expect(readFileSync(file, 'utf8')).toBe('{"keys": "nope"}');
  });
});

describe('rotateServerKey', () => {
  it('makes a new current key and keeps the previous one for verification', async () => {
    const before = await load();
    const token = await before.sign({ n: 1 }, { typ: 'at+jwt' });
    const rotated = await rotateServerKey(dir);
    if (!rotated.ok) throw new Error(rotated.message);
    const after = rotated.keys;
    expect(after.currentKid).not.toBe(before.currentKid);
    expect(after.publicJwks().keys.map((k) => k.kid)).toEqual([after.currentKid, before.currentKid]);
    const oldKey = after.verificationKey(before.currentKid);
    expect(oldKey).toBeDefined();
    if (oldKey !== undefined) expect((await jwtVerify(token, oldKey)).payload.n).toBe(1);
    expect((await load()).currentKid).toBe(after.currentKid);
    expect(statSync(join(dir, SERVER_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps at most three keys', async () => {
    const first = await load();
    for (let i = 0; i < 3; i += 1) await rotateServerKey(dir);
    const keys = await load();
    expect(keys.publicJwks().keys).toHaveLength(3);
    expect(keys.verificationKey(first.currentKid)).toBeUndefined();
  });
});
