import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRecords } from './demo/demo-records.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = 'services/reference-server/src/main.ts';

interface Spawned {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  stderr(): string;
  stdout(): string;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-main-'));
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>, args: string[]): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', MAIN, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, exit, stderr: () => err, stdout: () => out };
}

/** Resolves with the printed FHIR base URL, or rejects if the process exits first. */
function printedBaseUrl(spawned: Spawned): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const look = () => {
      const match = /FHIR base URL: (http:\/\/\S+\/fhir)/.exec(spawned.stderr());
      if (match?.[1] !== undefined) {
        spawned.child.stderr?.off('data', look);
        resolveUrl(match[1]);
      }
    };
    spawned.child.stderr?.on('data', look);
    void spawned.exit.then((code) => reject(new Error(`exited with ${code} before printing a URL: ${spawned.stderr()}`)));
  });
}

/** Resolves once `check` holds, polling for up to two seconds. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 2000) throw new Error('still not true after 2 s');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('main (the raflag-server command)', () => {
  it('starts on a free port, serves health, readiness and demo data, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const server = start({ PORT: '0', RAFLAG_DATA_DIR: dataDir }, ['--insecure-no-auth']);
    const fhir = await printedBaseUrl(server);
    expect(fhir).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    // Info lines are written in batches, but a quiet server's still reach the log within moments.
    await until(() => server.stdout().includes('"msg":"listening"'));
    const root = fhir.replace(/\/fhir$/, '');
    expect(server.stderr()).toContain(`curl -s ${fhir}/metadata`);

    const health = await fetch(`${root}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${root}/readyz`);
    expect(ready.status).toBe(200);

    const demo = demoRecords.find((d) => d.description.startsWith('Learning disability'));
    const flags = await fetch(`${fhir}/Flag?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|${demo?.nhsNumber ?? ''}`);
    expect(flags.status).toBe(200);
    const bundle = (await flags.json()) as { resourceType: string; entry?: unknown[] };
    expect(bundle.resourceType).toBe('Bundle');
    // The PatientFlag and three adjustment Flags.
    expect(bundle.entry).toHaveLength(4);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    const logs = server.stdout();
    expect(logs).toContain('authentication is OFF');
    expect(logs).toContain('"msg":"stopped"');
    for (const person of demoRecords) expect(logs).not.toContain(person.nhsNumber);

    for (const file of [join(dataDir, 'raflag.db'), join(dataDir, 'raflag.audit.db')]) {
      expect(existsSync(file)).toBe(true);
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    }
  });

  it('warns that authentication is off on every start, and loads the demo data only once', async () => {
    const dataDir = tempDir();
    const flagTotals: (number | undefined)[] = [];
    for (let round = 0; round < 2; round += 1) {
      const server = start({ PORT: '0', RAFLAG_DATA_DIR: dataDir, RAFLAG_INSECURE_NO_AUTH: 'true' }, []);
      const fhir = await printedBaseUrl(server);
      expect(server.stdout()).toContain('authentication is OFF');
      const patients = await fetch(`${fhir}/Patient?_summary=count`);
      expect(((await patients.json()) as { total?: number }).total).toBe(demoRecords.length);
      // Patients are created with If-None-Exist, so Flags are what would double on a second load.
      const flags = await fetch(`${fhir}/Flag?_summary=count`);
      flagTotals.push(((await flags.json()) as { total?: number }).total);
      server.child.kill('SIGINT');
      expect(await server.exit).toBe(0);
    }
    expect(flagTotals[0]).toBeGreaterThan(demoRecords.length);
    expect(flagTotals[1]).toBe(flagTotals[0]);
  });

  it('requires a token by default: writes the demo clients and keys, and refuses a request without a token', async () => {
    const dataDir = tempDir();
    const server = start({ PORT: '0', RAFLAG_DATA_DIR: dataDir }, []);
    const fhir = await printedBaseUrl(server);
    expect(server.stderr()).toContain('every call needs a token');
    expect(server.stderr()).toContain('raflag token --client demo-gp-riverside');
    expect(server.stdout()).not.toContain('authentication is OFF');
    for (const file of ['clients.json', 'sharing-agreements.json', 'server-keys.json', 'demo/demo-gp-riverside.private.json']) expect(existsSync(join(dataDir, file))).toBe(true);
    const metadata = await fetch(`${fhir}/metadata`);
    expect(metadata.status).toBe(200);
    const refused = await fetch(`${fhir}/Flag`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('names the file and field when clients.json is wrong, and exits 2', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'clients.json'), JSON.stringify({ clients: [{ clientId: 'x', kind: 'robot' }] }));
    const server = start({ PORT: '0', RAFLAG_DATA_DIR: dataDir, RAFLAG_DEMO_DATA: 'false' }, []);
    expect(await server.exit).toBe(2);
    expect(server.stderr()).toMatch(/cannot start: clients\.json: clients\[0\]\.kind/);
  });

  it('names a bad environment variable and exits 2', async () => {
    const server = start({ PORT: 'eighty', RAFLAG_DATA_DIR: tempDir() }, ['--insecure-no-auth']);
    expect(await server.exit).toBe(2);
    expect(server.stderr()).toContain('PORT must be a whole number');
  });
});
