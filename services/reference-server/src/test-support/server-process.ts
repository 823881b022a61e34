import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = 'services/reference-server/src/main.ts';

/** A `raflag-server` child process, run from source the way `main.test.ts` runs it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>/fhir`, as the process printed it. */
  readonly fhirBaseUrl: string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exit: Promise<number | null>;
  stderr(): string;
}

/** Every child started here that may still run, so a failing test can kill them all. */
const running = new Set<ChildProcess>();

/**
 * Starts the server on PORT=0 over `dataDir`, without demo data or authentication, and resolves
 * once it has printed its URL. Rejects (and kills the child) if it exits first.
 */
export async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', MAIN, '--insecure-no-auth'], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', RAFLAG_DATA_DIR: dataDir, RAFLAG_DEMO_DATA: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let err = '';
  const exit = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolveExit(code);
    }),
  );
  const fhirBaseUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /FHIR base URL: (http:\/\/\S+\/fhir)/.exec(err);
      if (match?.[1] !== undefined) resolveUrl(match[1]);
    });
    void exit.then((code) => reject(new Error(`server exited with ${code} before printing its URL: ${err}`)));
  });
  return { child, fhirBaseUrl, exit, stderr: () => err };
}

/** SIGKILLs every child still running; for afterEach/afterAll. */
export async function killAllServerProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolveExit) => {
        child.once('exit', () => resolveExit());
        if (!child.kill('SIGKILL')) resolveExit();
      }),
  );
  await Promise.all(exits);
}
