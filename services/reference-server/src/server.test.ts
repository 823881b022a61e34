import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

const dirs: string[] = [];
const running: RunningServer[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function config(env: Record<string, string>): Config {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-server-'));
  dirs.push(dir);
  const result = loadConfig({ PORT: '0', RAFLAG_DATA_DIR: join(dir, 'nested', 'data'), RAFLAG_INSECURE_NO_AUTH: 'true', ...env });
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

const silent = createLogger({ level: 'silent' });

describe('startServer', () => {
  it('creates the data directory, binds a free port and serves /healthz and /readyz', async () => {
    const server = await startServer(config({ RAFLAG_DEMO_DATA: 'false' }), { logger: silent });
    running.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.fhirBaseUrl).toBe(`${server.url}/fhir`);
    expect(server.databaseFile).toMatch(/nested[/\\]data[/\\]raflag\.db$/);
    expect(server.demo).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const patients = await fetch(`${server.fhirBaseUrl}/Patient?_summary=count`);
    expect(((await patients.json()) as { total?: number }).total).toBe(0);
  });

  it('loads the demo data when asked', async () => {
    const server = await startServer(config({}), { logger: silent });
    running.push(server);
    expect(server.demo).toEqual({ loaded: true, patients: 6 });
  });

  it('stops listening on close, and a second close is harmless', async () => {
    const server = await startServer(config({ RAFLAG_DEMO_DATA: 'false' }), { logger: silent });
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('lets a request in flight finish before it closes the store', async () => {
    const server = await startServer(config({ RAFLAG_DEMO_DATA: 'false' }), { logger: silent });
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'batch' });
    let closed: Promise<void> | undefined;
    const status = await new Promise<number | undefined>((resolveStatus, reject) => {
      const req = request(`${server.fhirBaseUrl}`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      });
      // 100 Continue means the server has the request head: it is in flight when shutdown starts.
      req.on('continue', () => {
        closed = server.close();
        req.end(body);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(200);
    expect(closed).toBeDefined();
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
