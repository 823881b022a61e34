import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies committed pages from the WAL back into the database file on a worker thread.
 *
 * SQLite normally does this inside whichever COMMIT pushes the WAL past 1,000 pages, and with
 * `synchronous=FULL` that checkpoint fsyncs the database file too: a write that happens to land
 * there stalls for it, and with better-sqlite3 the whole event loop stalls with it. A PASSIVE
 * checkpoint from a second connection never blocks the writer or readers, so the main connection
 * turns its own automatic checkpoints off and this thread does them instead.
 *
 * The worker is plain CommonJS passed as text, so it runs the same from the TypeScript sources
 * (tests) and from the built package.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('synchronous = FULL');
let busy = false;
const tick = () => {
  if (busy) return;
  busy = true;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message) });
  } finally {
    busy = false;
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  tick();
  db.close();
  parentPort.postMessage({ kind: 'stopped' });
  parentPort.close();
});
parentPort.postMessage({ kind: 'ready' });
`;

export interface BackgroundCheckpoint {
  stop(): Promise<void>;
}

export interface BackgroundCheckpointOptions {
  readonly file: string;
  readonly intervalMs: number;
  /** Told when a checkpoint fails, so the store can take checkpoints back on its own connection. */
  readonly onError: (message: string) => void;
}

/** Starts the worker and resolves once it has its connection open. */
export function startBackgroundCheckpoint(options: BackgroundCheckpointOptions): Promise<BackgroundCheckpoint> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: options.file, intervalMs: options.intervalMs, driver } });
  // The server must be able to exit even if stop() is never called (a crashed test, say).
  worker.unref();
  let stopped: (() => void) | undefined;
  return new Promise((resolve, reject) => {
    worker.on('error', (error: Error) => {
      reject(error);
      options.onError(error.message);
    });
    worker.on('message', (message: { kind: string; message?: string }) => {
      if (message.kind === 'ready') {
        resolve({
          stop: () =>
            new Promise<void>((done) => {
              stopped = done;
              worker.once('exit', () => done());
              worker.postMessage('stop');
            }),
        });
      } else if (message.kind === 'error') {
        options.onError(message.message ?? 'checkpoint failed');
      } else if (message.kind === 'stopped') {
        stopped?.();
      }
    });
  });
}
