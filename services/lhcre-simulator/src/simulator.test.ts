import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, RaflagClient, type AssertionAlgorithm, type RequestingUser } from '@raflag/client';
import { loadConfig, startServer, type RunningServer } from '@raflag/reference-server';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFromServerDataDir } from './credentials.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

/** A port nobody is using, so the sharing agreement can name it before the simulator starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const PERMITTED = '9990316775'; // consent given, permits the Yorkshire and Humber Care Record
const OTHER_USER: RequestingUser = { id: '555086415105', name: 'Dr Example', role: 'R8000', activities: ['B0257', 'B0380'] };

describe('LHCRE simulator against the real reference server', () => {
  let dir: string;
  let server: RunningServer;
  let simulator: RunningSimulator;
  let gp: RaflagClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'raflag-lhcre-'));
    const dataDir = join(dir, 'server');
    mkdirSync(dataDir);
    const port = await freePort();
    writeFileSync(
      join(dataDir, 'sharing-agreements.json'),
      JSON.stringify({
        agreements: [
          {
            clientId: 'demo-lhcre-yhcr',
            organisation: { odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' },
            mode: 'opt-in',
            mayRead: ['Flag', 'Condition', 'Consent', 'Patient', 'Provenance'],
            notificationEndpoint: `http://127.0.0.1:${port}/notifications`,
          },
        ],
      }),
    );
    const loaded = loadConfig({ RAFLAG_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    if (!loaded.ok) throw new Error(loaded.error);
    server = await startServer(loaded.config);
    const lhcre = credentialsFromServerDataDir(dataDir, 'demo-lhcre-yhcr');
    if (!lhcre.ok) throw new Error(lhcre.message);
    simulator = await startSimulator({ serverUrl: server.publicUrl, clientId: 'demo-lhcre-yhcr', privateKey: lhcre.privateKey, alg: lhcre.alg, port, dataFile: join(dir, 'lhcre.db') });
    const registry = JSON.parse(readFileSync(join(dataDir, 'clients.json'), 'utf8')) as { clients: { clientId: string; algorithms: AssertionAlgorithm[] }[] };
    gp = new RaflagClient({
      baseUrl: server.fhirBaseUrl,
      clientId: 'demo-gp-riverside',
      privateKey: JSON.parse(readFileSync(join(dataDir, 'demo', 'demo-gp-riverside.private.json'), 'utf8')) as JWK,
      alg: registry.clients.find((c) => c.clientId === 'demo-gp-riverside')?.algorithms[0] ?? 'ES384',
      user: OTHER_USER,
    });
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is notified of a change, verifies it, pulls the record with its own token and keeps a copy', async () => {
    const record = await gp.getRecord(PERMITTED);
    const adjustments = record.adjustments.length;
    await gp.saveRecord({ ...record, adjustments: [...record.adjustments, { category: 'bespoke-reasonable-adjustments', description: 'Longer appointment, first of the day', recorded: record.adjustments[0]!.recorded }] });
    await server.notifier.drain();
    const held = simulator.holdings.get(PERMITTED);
    expect(held).toBeDefined();
    expect((held?.record as { adjustments: unknown[] }).adjustments).toHaveLength(adjustments + 1);
    const status = (await (await fetch(`${simulator.url}/status`)).json()) as { holds: { nhsNumber: string }[] };
    expect(status.holds.map((h) => h.nhsNumber)).toContain(PERMITTED);
    expect(server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-yhcr' }).every((row) => row.state === 'delivered')).toBe(true);
  });

  it('purges its copy when consent is withdrawn, and its reads then answer 404', async () => {
    const record = await gp.getRecord(PERMITTED);
    await gp.withdrawConsent(PERMITTED, 'The patient asked for the record not to be shared any more', record.adjustments[0]!.recorded);
    await server.notifier.drain();
    expect(simulator.holdings.get(PERMITTED)).toBeUndefined();
    const rows = server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-yhcr', nhsNumber: PERMITTED });
    expect(rows.at(-1)?.item.event).toBe('withdrawn');
    expect(rows.at(-1)?.state).toBe('delivered');
    const lhcre = credentialsFromServerDataDir(join(dir, 'server'), 'demo-lhcre-yhcr');
    if (!lhcre.ok) throw new Error(lhcre.message);
    const asLhcre = new RaflagClient({ baseUrl: server.fhirBaseUrl, clientId: 'demo-lhcre-yhcr', privateKey: lhcre.privateKey, alg: lhcre.alg });
    await expect(asLhcre.getRecord(PERMITTED)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a notification that is not signed by the server', async () => {
    const forged = 'eyJhbGciOiJub25lIiwidHlwIjoibm90aWZpY2F0aW9uK2p3dCJ9.eyJldmVudCI6IndpdGhkcmF3biJ9.';
    const res = await fetch(`${simulator.url}/notifications`, { method: 'POST', headers: { 'content-type': 'application/jwt' }, body: forged });
    expect(res.status).toBe(401);
  });
});
