import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Running {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output, or rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<number | null>;
}

/** Runs a TypeScript entry point of the workspace as its own Node process, from the sources. */
export function runProcess(entry: string, args: readonly string[], env: Readonly<Record<string, string>>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', entry, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolveMatch, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${text}`)), timeoutMs);
        const look = (): void => {
          const match = pattern.exec(text);
          if (match === null) return;
          clearTimeout(timer);
          child.stdout?.off('data', look);
          child.stderr?.off('data', look);
          resolveMatch(match);
        };
        child.stdout?.on('data', look);
        child.stderr?.on('data', look);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${entry} exited with ${String(code)} before printing ${pattern}:\n${text}`));
        });
        look();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A port nobody is using now, so a configuration file can name it before its listener starts. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it returns a value, for things that happen in another process. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
