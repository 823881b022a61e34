import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compactVerify, createLocalJWKSet, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ALGORITHMS } from './client-jwk.js';
import { generateClientKeys, keysCommand } from './keys-command.js';
import { capture, lines } from './test-support/capture.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-keys-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe('raflag keys generate', () => {
  it.each(CLIENT_ALGORITHMS)('writes a %s pair whose private key signs what the printed JWKS verifies', async (alg) => {
    const out = capture();
    const folder = path.join(dir, alg);
    expect(await keysCommand(['generate', '--alg', alg, '--kid', `kid-${alg}`, '--out', folder], out.io)).toBe(0);

    const jwks = JSON.parse(out.stdout()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    const [publicJwk] = jwks.keys;
    expect(publicJwk).toMatchObject({ kty: alg.startsWith('ES') ? 'EC' : 'RSA', kid: `kid-${alg}`, alg, use: 'sig' });
    for (const member of PRIVATE_MEMBERS) expect(publicJwk).not.toHaveProperty(member);
    expect(JSON.parse(await readFile(path.join(folder, `kid-${alg}.jwks.json`), 'utf8'))).toEqual(jwks);

    const privateFile = path.join(folder, `kid-${alg}.private.json`);
    expect((await stat(privateFile)).mode & 0o777).toBe(0o600);
    const privateJwk = JSON.parse(await readFile(privateFile, 'utf8')) as JWK;
    expect(privateJwk).toMatchObject({ kid: `kid-${alg}`, alg, use: 'sig' });
    expect(typeof privateJwk.d).toBe('string');

    const jwt = await new SignJWT({ sub: 'me' }).setProtectedHeader({ alg, kid: `kid-${alg}` }).sign(await importJWK(privateJwk, alg));
    const verified = await compactVerify(jwt, createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]));
    expect(verified.protectedHeader.kid).toBe(`kid-${alg}`);
    expect(lines(out.stderr())).toEqual([`Private key: ${privateFile} (mode 0600; keep it secret)`, `Public JWKS: ${path.join(folder, `kid-${alg}.jwks.json`)} (register this one)`]);
  });

  it('defaults to ES384 with the thumbprint as kid, and a key from another pair does not verify', async () => {
    const a = await generateClientKeys('ES384');
    const b = await generateClientKeys('ES384');
    expect(a.alg).toBe('ES384');
    expect(a.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.kid).not.toBe(b.kid);
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: a.kid }).sign(await importJWK(b.privateJwk, 'ES384'));
    await expect(compactVerify(jwt, createLocalJWKSet(a.jwks as Parameters<typeof createLocalJWKSet>[0]))).rejects.toThrow();
  });

  it('never overwrites a key: the same kid twice exits 1', async () => {
    const folder = path.join(dir, 'twice');
    expect(await keysCommand(['generate', '--kid', 'same', '--out', folder], capture().io)).toBe(0);
    const before = await readFile(path.join(folder, 'same.private.json'), 'utf8');
    const again = capture();
    expect(await keysCommand(['generate', '--kid', 'same', '--out', folder], again.io)).toBe(1);
    expect(again.stderr()).toBe(`raflag keys: a key with this kid is there already: ${folder}\n`);
    expect(again.stdout()).toBe('');
    expect(await readFile(path.join(folder, 'same.private.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['no sub-command', [], 'raflag keys: say what to do: raflag keys generate'],
    ['an unknown sub-command', ['rotate'], 'raflag keys: unknown keys command "rotate"; the only one is generate'],
    ['an algorithm the server does not accept', ['generate', '--alg', 'HS256'], 'raflag keys: --alg "HS256" is not one of RS384, ES384, RS512'],
    ['a kid that cannot name a file', ['generate', '--kid', '../x'], 'raflag keys: --kid must be 1 to 128 letters, digits, ".", "_", "~" or "-"'],
    ['an unknown option', ['generate', '--bits', '4096'], 'raflag keys: unknown option --bits'],
  ])('exits 2 for %s', async (_label, args, message) => {
    const out = capture();
    expect(await keysCommand(args, out.io)).toBe(2);
    expect(lines(out.stderr())).toEqual([message, 'Run "raflag keys --help" for usage.']);
    expect(out.stdout()).toBe('');
  });

  it('has help with examples', async () => {
    const out = capture();
    expect(await keysCommand(['generate', '--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^Usage: raflag keys generate/);
    expect(out.stdout()).toContain('Examples:\n  raflag keys generate\n');
  });
});
