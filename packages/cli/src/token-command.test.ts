import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The reference server does not export its auth building blocks from the package, so the test
// reaches into its sources: the token endpoint below is the real one, with a real registry.
import { verifyAccessToken } from '../../../services/reference-server/src/auth/access-token.js';
import { createClientKeyResolver } from '../../../services/reference-server/src/auth/client-keys.js';
import { loadClientRegistry } from '../../../services/reference-server/src/auth/client-registry.js';
import { writeDemoClients } from '../../../services/reference-server/src/auth/demo-clients.js';
import { createMemoryJtiCache } from '../../../services/reference-server/src/auth/jti-cache.js';
import { loadOrCreateServerKeys, type ServerKeys } from '../../../services/reference-server/src/auth/server-keys.js';
import { handleTokenRequest } from '../../../services/reference-server/src/auth/token-endpoint.js';
import type { ClientAlgorithm } from './client-jwk.js';
import { generateClientKeys } from './keys-command.js';
import { capture, lines } from './test-support/capture.js';
import { tokenCommand } from './token-command.js';

let dataDir: string;
let server: Server;
let url: string;
let serverKeys: ServerKeys;
let demoClientIds: readonly string[] = [];
/** A demo clinical system and a demo LHCRE, whatever the server calls them today. */
let gp = '';
let lhcre = '';
const ISSUER = 'http://raflag.test';
const FHIR_BASE = 'http://raflag.test/fhir';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'raflag-token-'));
  const written = await writeDemoClients(dataDir);
  if (!written.ok || !written.created) throw new Error('demo clients were not written');
  demoClientIds = written.clientIds;
  const registry = loadClientRegistry(path.join(dataDir, 'clients.json'));
  if (!registry.ok) throw new Error(registry.message);
  gp = registry.registry.clients.find((c) => c.kind === 'clinical-system')?.clientId ?? '';
  lhcre = registry.registry.clients.find((c) => c.kind === 'lhcre')?.clientId ?? '';
  const keys = await loadOrCreateServerKeys(dataDir);
  if (!keys.ok) throw new Error(keys.message);
  serverKeys = keys.keys;
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/oauth2/token') {
        response.writeHead(404).end();
        return;
      }
      void handleTokenRequest(new URLSearchParams(body), {
        registry: registry.registry,
        keys: createClientKeyResolver(),
        jtiCache: createMemoryJtiCache(),
        tokenUrl: `${url}/oauth2/token`,
        serverKeys,
        issuer: ISSUER,
        fhirBaseUrl: FHIR_BASE,
      }).then((answer) => {
        response.writeHead(answer.status, { ...answer.headers, 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

const verify = (token: string) => verifyAccessToken(token, serverKeys, { issuer: ISSUER, audience: FHIR_BASE });

describe('raflag token against a real token endpoint', () => {
  it('prints an access token the server issued, for every demo client', async () => {
    expect(demoClientIds.length).toBeGreaterThan(1);
    for (const clientId of demoClientIds) {
      const out = capture();
      const code = await tokenCommand(['--client', clientId, '--data-dir', dataDir, '--url', url], out.io);
      expect(out.stderr()).toBe('');
      expect(code).toBe(0);
      const [token, ...rest] = lines(out.stdout());
      expect(rest).toEqual([]);
      const verified = await verify(token ?? '');
      expect(verified.ok && verified.principal.clientId).toBe(clientId);
    }
  });

  it('asks for a scope and for a user with activities; --json prints the whole response', async () => {
    const out = capture();
    const args = ['--client', gp, '--data-dir', dataDir, '--url', `${url}/`, '--scope', 'system/Flag.rs', '--user-id', 'u-1', '--activities', 'B0257, B0380', '--json'];
    expect(await tokenCommand(args, out.io)).toBe(0);
    const response = JSON.parse(out.stdout()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(response).toMatchObject({ token_type: 'bearer', scope: 'system/Flag.rs' });
    expect(response.expires_in).toBeGreaterThan(0);
    const verified = await verify(response.access_token);
    if (!verified.ok) throw new Error(verified.reason);
    expect(verified.principal.user).toMatchObject({ id: 'u-1', activities: ['B0257', 'B0380'] });
  });

  it('reads the data folder from RAFLAG_DATA_DIR', async () => {
    const out = capture({ env: { RAFLAG_DATA_DIR: dataDir } });
    expect(await tokenCommand(['--client', lhcre, '--url', url], out.io)).toBe(0);
    expect((await verify(lines(out.stdout())[0] ?? '')).ok).toBe(true);
  });

  it('exits 1 with the server\'s error when it refuses: an LHCRE naming a user', async () => {
    const out = capture();
    expect(await tokenCommand(['--client', lhcre, '--data-dir', dataDir, '--url', url, '--user-id', 'u-1', '--activities', 'B0257'], out.io)).toBe(1);
    expect(out.stderr()).toMatch(/^raflag token: the server refused: invalid_grant: 'requesting_user' is only for clinical systems/);
    expect(out.stdout()).toBe('');
  });

  it('exits 1 with invalid_client when the key is not the registered one, though its kid is', async () => {
    const registered = JSON.parse(await readFile(path.join(dataDir, 'demo', `${gp}.private.json`), 'utf8')) as { kid: string; alg: ClientAlgorithm };
    const impostor = await generateClientKeys(registered.alg, registered.kid);
    const keyFile = path.join(dataDir, 'impostor.private.json');
    await writeFile(keyFile, JSON.stringify(impostor.privateJwk));
    const out = capture();
    expect(await tokenCommand(['--client', gp, '--data-dir', dataDir, '--url', url, '--key', keyFile], out.io)).toBe(1);
    expect(out.stderr()).toMatch(/^raflag token: the server refused: invalid_client/);
  });

  it.each([
    ['an unregistered client', ['--client', 'nobody'], `raflag token: ${path.join('DATA', 'clients.json')}: no client "nobody" is registered`],
    ['a data folder with no registry', ['--client', 'GP', '--data-dir', 'MISSING'], `raflag token: ${path.join('MISSING', 'clients.json')}: cannot read it (ENOENT)`],
  ])('exits 1 for %s', async (_label, args, message) => {
    const out = capture();
    const real = args.map((a) => (a === 'MISSING' ? path.join(dataDir, 'missing') : a === 'GP' ? gp : a));
    const withDir = args.includes('--data-dir') ? real : [...real, '--data-dir', dataDir];
    expect(await tokenCommand([...withDir, '--url', url], out.io)).toBe(1);
    expect(out.stderr()).toBe(`${message.replace('DATA', dataDir).replace('MISSING', path.join(dataDir, 'missing'))}\n`);
  });

  it('exits 1 when nothing listens at the URL', async () => {
    const out = capture();
    expect(await tokenCommand(['--client', gp, '--data-dir', dataDir, '--url', 'http://127.0.0.1:1'], out.io)).toBe(1);
    expect(out.stderr()).toMatch(/^raflag token: could not reach http:\/\/127\.0\.0\.1:1\/oauth2\/token/);
  });

  it.each([
    ['no --client', [], 'raflag token: say which client: --client <id>'],
    ['--activities without --user-id', ['--client', 'x', '--activities', 'B0257'], 'raflag token: --activities needs --user-id: they are the activities of that user'],
    ['an unknown option', ['--client', 'x', '--secret', 'y'], 'raflag token: unknown option --secret'],
    ['a bad URL', ['--client', 'x', '--url', 'not a url'], 'raflag token: --url is not a URL'],
  ])('exits 2 for %s', async (_label, args, message) => {
    const out = capture();
    expect(await tokenCommand(args, out.io)).toBe(2);
    expect(lines(out.stderr())).toEqual([message, 'Run "raflag token --help" for usage.']);
  });

  it('has help with examples', async () => {
    const out = capture();
    expect(await tokenCommand(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^Usage: raflag token --client <id>/);
    expect(out.stdout()).toContain('Examples:\n  raflag token --client demo-gp-riverside\n');
  });
});
