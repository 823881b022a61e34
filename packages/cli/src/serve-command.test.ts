import { EventEmitter } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand, type SignalSource } from './serve-command.js';
import { capture, lines } from './test-support/capture.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-serve-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = { LOG_LEVEL: 'silent' };

/** Runs `raflag serve` in this process and hands back its FHIR base URL once it listens. */
function serve(args: string[], env: Record<string, string> = quiet) {
  const signals = new EventEmitter();
  const out = capture({ env });
  let started: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (started = resolve));
  const exit = serveCommand(args, out.io, { signals: signals as SignalSource, onStarted: (s) => started(s.fhirBaseUrl) });
  const startedOrFailed = Promise.race([listening, exit.then((code) => Promise.reject(new Error(`exited ${code}: ${out.stderr()}`)))]);
  // Tests of failed starts await `exit`, not this; it must not count as an unhandled rejection there.
  startedOrFailed.catch(() => undefined);
  return { out, signals, exit, listening: startedOrFailed };
}

describe('raflag serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('starts the reference server, answers /fhir/metadata, and stops cleanly on %s', async (signal) => {
    const dataDir = path.join(dir, signal);
    const run = serve(['--port', '0', '--data-dir', dataDir, '--no-demo', '--insecure-no-auth']);
    const base = await run.listening;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    expect(run.out.stderr()).toContain(`FHIR base URL: ${base}\n`);

    const response = await fetch(`${base}/metadata`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { resourceType: string }).resourceType).toBe('CapabilityStatement');
    expect((await stat(path.join(dataDir, 'raflag.db'))).isFile()).toBe(true);

    run.signals.emit(signal, signal);
    expect(await run.exit).toBe(0);
    expect(lines(run.out.stderr()).slice(-2)).toEqual([`raflag serve: ${signal}: finishing requests in flight, then stopping`, 'raflag serve: stopped']);
    expect(run.signals.listenerCount('SIGINT') + run.signals.listenerCount('SIGTERM')).toBe(0);
    await expect(fetch(`${base}/metadata`)).rejects.toThrow();
  });

  it('takes its settings from the environment like the server, options winning', async () => {
    const run = serve(['--port', '0', '--no-demo'], { ...quiet, PORT: '1', RAFLAG_DATA_DIR: path.join(dir, 'env'), RAFLAG_INSECURE_NO_AUTH: 'true' });
    const base = await run.listening;
    expect(run.out.stderr()).toContain(`Database: ${path.join(dir, 'env', 'raflag.db')}\n`);
    expect((await fetch(`${base}/metadata`)).status).toBe(200);
    run.signals.emit('SIGTERM', 'SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = serve(['--port', String(port), '--data-dir', path.join(dir, 'taken'), '--no-demo', '--insecure-no-auth']);
      expect(await run.exit).toBe(1);
      expect(run.out.stderr()).toMatch(/^raflag serve: could not start: .*EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    ['a port that is not a number', ['--port', 'eighty'], /^raflag serve: Invalid configuration: PORT must be a whole number/],
    ['an unknown option', ['--demo'], /^raflag serve: unknown option --demo$/],
    ['an empty data folder', ['--data-dir', ''], /^raflag serve: --data-dir must not be empty$/],
    ['an argument', ['now'], /^raflag serve: unexpected argument now$/],
  ])('exits 2 for %s', async (_label, args, message) => {
    const run = serve(args);
    expect(await run.exit).toBe(2);
    expect(lines(run.out.stderr())[0]).toMatch(message);
    expect(lines(run.out.stderr())[1]).toBe('Run "raflag serve --help" for usage.');
  });

  it('has help with examples', async () => {
    const out = capture();
    expect(await serveCommand(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^Usage: raflag serve \[--port N\]/);
    expect(out.stdout()).toContain('Examples:\n  raflag serve --insecure-no-auth\n');
  });
});
