import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ASSERTION_TYPE } from './client-assertion.js';
import { createClientKeyResolver } from './client-keys.js';
import { loadClientRegistry } from './client-registry.js';
import { DEMO_CLIENTS, writeDemoClients } from './demo-clients.js';
import { createMemoryJtiCache } from './jti-cache.js';
import { loadOrCreateServerKeys } from './server-keys.js';
import { signClientAssertion } from './sign-client-assertion.js';
import { FHIR_BASE, ISSUER, TOKEN_URL } from './test-fixtures.js';
import { handleTokenRequest } from './token-endpoint.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'raflag-demo-clients-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('writeDemoClients', () => {
  it('registers five demo clients whose private keys (0600) get real tokens', async () => {
    const written = await writeDemoClients(dataDir);
    expect(written).toMatchObject({ ok: true, created: true });
    const loaded = loadClientRegistry(join(dataDir, 'clients.json'));
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.registry.clients.map((c) => [c.kind, c.organisation.name])).toEqual([
      ['clinical-system', 'Riverside Medical Centre'],
      ['clinical-system', 'York and Scarborough Teaching Hospitals'],
      ['lhcre', 'Yorkshire and Humber Care Record'],
      ['lhcre', 'Wessex Care Record'],
      ['auditor', 'Riverside Medical Centre'],
    ]);
    expect(readFileSync(join(dataDir, 'clients.json'), 'utf8')).not.toMatch(/"d":/);

    const server = await loadOrCreateServerKeys(join(dataDir, 'keys'));
    if (!server.ok) throw new Error(server.message);
    const deps = {
      registry: loaded.registry,
      keys: createClientKeyResolver(),
      jtiCache: createMemoryJtiCache(),
      tokenUrl: TOKEN_URL,
      serverKeys: server.keys,
      issuer: ISSUER,
      fhirBaseUrl: FHIR_BASE,
    };
    for (const demo of DEMO_CLIENTS) {
      const file = join(dataDir, 'demo', `${demo.clientId}.private.json`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      const client_assertion = await signClientAssertion({ clientId: demo.clientId, privateJwk, alg: demo.keyAlg, tokenUrl: TOKEN_URL });
      const response = await handleTokenRequest(new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion }), deps);
      expect(response.status, demo.clientId).toBe(200);
    }
  });

  it('never overwrites an existing clients.json', async () => {
    const file = join(dataDir, 'clients.json');
    writeFileSync(file, '{"clients": []}');
    expect(await writeDemoClients(dataDir)).toEqual({ ok: true, created: false, reason: 'clients.json exists' });
    expect(readFileSync(file, 'utf8')).toBe('{"clients": []}');
  });

  it('leaves its own registry and keys alone on a second start', async () => {
    await writeDemoClients(dataDir);
    const registry = readFileSync(join(dataDir, 'clients.json'), 'utf8');
    const key = readFileSync(join(dataDir, 'demo', 'demo-gp-riverside.private.json'), 'utf8');
    expect(await writeDemoClients(dataDir)).toMatchObject({ ok: true, created: false });
    expect(readFileSync(join(dataDir, 'clients.json'), 'utf8')).toBe(registry);
    expect(readFileSync(join(dataDir, 'demo', 'demo-gp-riverside.private.json'), 'utf8')).toBe(key);
  });
});
