import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClientRegistry, parseClientRegistry } from './client-registry.js';

const rsaKey = { kty: 'RSA', kid: 'k1', n: 'AQAB-modulus', e: 'AQAB' };
const ecKey = { kty: 'EC', kid: 'e1', crv: 'P-384', x: 'xx', y: 'yy' };
const gp = {
  clientId: 'gp-1',
  kind: 'clinical-system',
  organisation: { odsCode: 'B82005', name: 'Riverside Surgery' },
  jwks: { keys: [rsaKey] },
  algorithms: ['RS384'],
  scopes: ['system/Flag.cruds', 'system/*.read'],
  roles: ['B0264', 'B0257', 'B0380'],
};
const lhcre = {
  clientId: 'lhcre-1',
  kind: 'lhcre',
  organisation: { odsCode: 'QWO', name: 'Yorkshire and Humber Care Record' },
  jwksUri: 'https://lhcre.example.org/jwks.json',
  algorithms: ['ES384'],
  scopes: ['system/Flag.rs'],
  roles: [],
};

describe('parseClientRegistry', () => {
  it('accepts inline and remote key registrations and indexes them by client id', () => {
    const result = parseClientRegistry({ clients: [gp, lhcre] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.registry.byId.get('lhcre-1')?.jwksUri).toBe('https://lhcre.example.org/jwks.json');
    expect(result.registry.byId.get('gp-1')?.jwks?.keys[0]?.kid).toBe('k1');
  });

  it('names the file and the exact field path for a bad algorithm', () => {
    const result = parseClientRegistry({ clients: [gp, { ...lhcre, algorithms: ['HS256'] }] });
    expect(result).toEqual({ ok: false, message: 'clients.json: clients[1].algorithms[0]: "HS256" is not one of RS384, ES384, RS512' });
  });

  it.each([
    ['a private key member', { clients: [{ ...gp, jwks: { keys: [{ ...rsaKey, d: 'secret' }] } }] }, 'clients[0].jwks.keys[0].d: private key member "d"'],
    ['both jwks and jwksUri', { clients: [{ ...gp, jwksUri: 'https://x.example/jwks' }] }, 'clients[0].jwks: give exactly one of'],
    ['neither jwks nor jwksUri', { clients: [{ ...lhcre, jwksUri: undefined }] }, 'clients[0].jwks: give exactly one of'],
    ['a plain-http jwksUri on a public host', { clients: [{ ...lhcre, jwksUri: 'http://lhcre.example.org/jwks' }] }, 'clients[0].jwksUri: must use https'],
    ['a duplicate client id', { clients: [gp, { ...gp }] }, 'clients[1].clientId: "gp-1" is registered twice'],
    ['no algorithms', { clients: [{ ...gp, algorithms: [] }] }, 'clients[0].algorithms: must list at least one'],
    ['an out-of-order v2 scope', { clients: [{ ...gp, scopes: ['system/Flag.dus'] }] }, 'clients[0].scopes[0]: "system/Flag.dus" is not a SMART scope'],
    ['an unknown role', { clients: [{ ...gp, roles: ['B9999'] }] }, 'clients[0].roles[0]: "B9999" is not one of B0264, B0257, B0380, auditor'],
    ['an unknown kind', { clients: [{ ...gp, kind: 'robot' }] }, 'clients[0].kind: "robot" is not one of clinical-system, lhcre, auditor'],
    ['a duplicate kid', { clients: [{ ...gp, jwks: { keys: [rsaKey, { ...rsaKey }] } }] }, 'clients[0].jwks.keys[1].kid: kid "k1" is used by two RSA keys'],
    ['an EC key on the wrong curve', { clients: [{ ...gp, jwks: { keys: [{ ...ecKey, crv: 'P-256' }] } }] }, 'clients[0].jwks.keys[0].crv: must be "P-384"'],
    ['a symmetric key', { clients: [{ ...gp, jwks: { keys: [{ kty: 'oct', kid: 's', k: 'c2VjcmV0' }] } }] }, 'clients[0].jwks.keys[0].kty: kty "oct" is not one of RSA, EC'],
    ['a malformed ODS code', { clients: [{ ...gp, organisation: { odsCode: 'b82', name: 'x' } }] }, 'clients[0].organisation.odsCode: must be an ODS code'],
    ['an unknown field', { clients: [{ ...gp, secret: 'x' }] }, 'clients[0]: Unrecognized key: "secret"'],
    ['no clients array', {}, 'clients.json: clients:'],
  ])('refuses %s', (_name, json, expected) => {
    const result = parseClientRegistry(json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(expected);
  });

  it('allows plain http for a loopback jwksUri (local development)', () => {
    expect(parseClientRegistry({ clients: [{ ...lhcre, jwksUri: 'http://127.0.0.1:8099/jwks' }] }).ok).toBe(true);
    expect(parseClientRegistry({ clients: [{ ...lhcre, jwksUri: 'http://localhost/jwks' }] }).ok).toBe(true);
  });

  it('never echoes a private key value in its message', () => {
    const result = parseClientRegistry({ clients: [{ ...gp, jwks: { keys: [{ ...rsaKey, d: 'TOP-SECRET-EXPONENT' }] } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toContain('TOP-SECRET');
  });
});

describe('loadClientRegistry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid file', () => {
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify({ clients: [gp] }));
    const result = loadClientRegistry(file);
    expect(result.ok && result.registry.clients.map((c) => c.clientId)).toEqual(['gp-1']);
  });

  it('names the file when it is missing or not JSON', () => {
    const missing = loadClientRegistry(join(dir, 'absent.json'));
    expect(missing).toMatchObject({ ok: false, message: expect.stringMatching(/^absent\.json: cannot read .*ENOENT/) });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "clients": [');
    expect(loadClientRegistry(broken)).toMatchObject({ ok: false, message: expect.stringMatching(/^broken\.json: not valid JSON/) });
  });
});
