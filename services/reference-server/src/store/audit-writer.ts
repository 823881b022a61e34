import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { AuditFormat } from './audit-schema.js';

/** One event as the audit file stores it: the row and the (param, value) pairs that find it. */
export interface AuditRow {
  readonly id: string;
  readonly lastUpdated: string;
  readonly format: AuditFormat;
  readonly json: string;
  readonly index: readonly (readonly [param: string, value: string])[];
}

type FromWorker =
  | { readonly kind: 'appended'; readonly batches: readonly number[] }
  | { readonly kind: 'failed'; readonly batches: readonly number[]; readonly message: string }
  | { readonly kind: 'stopped' };

/**
 * The worker: its own connection to the audit file, appending whatever arrived while it was busy
 * in one transaction. `synchronous=NORMAL`: a commit is in the operating system's hands when it
 * returns, so it survives the server process dying; a PASSIVE checkpoint every `syncIntervalMs`
 * (which fsyncs the log first) puts it on disk within about a second, without an fsync per read.
 *
 * Plain CommonJS passed as text, like the checkpoint worker, so it runs the same from the
 * TypeScript sources and from the built package. It only deflates and runs SQL: the event's JSON
 * and index rows are made on the main thread by the code that owns the search-parameter table.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { deflateRawSync } = require('node:zlib');
const db = new Database(workerData.file, { timeout: 5000, fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('temp_store = MEMORY');
const insertEvent = db.prepare('INSERT INTO audit_events (id, last_updated, format, dictionary, body) VALUES (?, ?, ?, ?, ?)');
const insertIndex = db.prepare('INSERT OR IGNORE INTO audit_index (param, value, seq) VALUES (?, ?, ?)');
const insertDictionary = db.prepare('INSERT INTO audit_dictionaries (bytes) VALUES (?)');
// This worker's dictionaries, one per format: the first row of that format it appends, stored in
// the same transaction.
const dictionaries = new Map();
const appendAll = db.transaction((messages) => {
  for (const message of messages) {
    for (const row of message.rows) {
      let dictionary = dictionaries.get(row.format);
      if (dictionary === undefined) {
        const bytes = Buffer.from(row.json);
        dictionary = { id: insertDictionary.run(bytes).lastInsertRowid, bytes, committed: false };
        dictionaries.set(row.format, dictionary);
      }
      const body = deflateRawSync(row.json, { level: 1, dictionary: dictionary.bytes });
      const seq = insertEvent.run(row.id, row.lastUpdated, row.format, dictionary.id, body).lastInsertRowid;
      for (const [param, value] of row.index) insertIndex.run(param, value, seq);
    }
  }
});
let queue = [];
let scheduled = false;
let unsynced = false;
const commit = () => {
  scheduled = false;
  while (queue.length > 0) {
    const messages = queue.splice(0, workerData.chunk);
    const batches = messages.map((message) => message.batch);
    try {
      appendAll.immediate(messages);
      for (const dictionary of dictionaries.values()) dictionary.committed = true;
      unsynced = true;
      parentPort.postMessage({ kind: 'appended', batches });
    } catch (error) {
      // A dictionary made in the transaction that failed was rolled back with it.
      for (const [format, dictionary] of dictionaries) if (!dictionary.committed) dictionaries.delete(format);
      parentPort.postMessage({ kind: 'failed', batches, message: String(error && error.message) });
    }
  }
};
const sync = () => {
  if (!unsynced) return;
  unsynced = false;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    unsynced = true;
  }
};
const timer = setInterval(sync, workerData.syncIntervalMs);
parentPort.on('message', (message) => {
  if (message.kind === 'append') {
    queue.push(message);
    if (!scheduled) {
      scheduled = true;
      setImmediate(commit);
    }
    return;
  }
  clearInterval(timer);
  commit();
  sync();
  db.close();
  parentPort.postMessage({ kind: 'stopped' });
  parentPort.close();
});
`;

/**
 * Most requests' events committed together. Each commit answers its requests at once, so the main
 * thread goes on serving them while the worker commits the next few, instead of both taking turns.
 */
const CHUNK = 8;

/** How often the worker makes what it appended durable against power loss. */
const SYNC_INTERVAL_MS = 1000;

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The main thread's side of the audit writer. Appends resolve once the worker has committed them;
 * the worker starts on the first append (a store that never audits never pays for a thread) and,
 * if it ever dies, every append still waiting fails and the next one starts a fresh worker.
 */
export class AuditWriter {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextBatch = 1;
  private stopping: Promise<void> | undefined;

  constructor(private readonly file: string) {}

  append(rows: readonly AuditRow[]): Promise<void> {
    if (this.stopping !== undefined) return Promise.reject(new Error('The audit writer is closed.'));
    const worker = this.worker ?? this.start();
    const batch = this.nextBatch++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject });
      // Keeps the process alive only while an append is outstanding.
      if (this.waiting.size === 1) worker.ref();
      // Handed over at once: holding appends back to post them together (at the end of the event
      // loop's turn) made each request wait longer for its commit and left the main thread idle.
      worker.postMessage({ kind: 'append', batch, rows });
    });
  }

  /** Commits everything already handed over, then stops the worker. */
  close(): Promise<void> {
    const worker = this.worker;
    this.stopping ??=
      worker === undefined
        ? Promise.resolve()
        : new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.ref();
            worker.postMessage({ kind: 'stop' });
          });
    return this.stopping;
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver, syncIntervalMs: SYNC_INTERVAL_MS, chunk: CHUNK } });
    worker.unref();
    worker.on('message', (message: FromWorker) => this.heard(message));
    worker.on('error', (error: Error) => this.lost(worker, `the audit writer failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `the audit writer stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private heard(message: FromWorker): void {
    if (message.kind === 'stopped') return;
    for (const batch of message.batches) {
      const waiting = this.waiting.get(batch);
      this.waiting.delete(batch);
      if (message.kind === 'appended') waiting?.resolve();
      else waiting?.reject(new Error(`could not append to the audit trail: ${message.message}`));
    }
    if (this.waiting.size === 0) this.worker?.unref();
  }

  /** Whatever the worker had not confirmed is failed: it may or may not be on disk, and nobody is told it is. */
  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(new Error(reason));
    this.waiting.clear();
  }
}
