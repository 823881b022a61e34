import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { AuditFormat } from './audit-schema.js';

/** One event as the audit file stores it: the row and the (param, value) pairs that find it. */
export interface AuditRow {
  readonly id: string;
  readonly lastUpdated: string;
  readonly format: AuditFormat;
  /** `JSON.stringify` output, unindented: it never holds a line break, which the framing relies on. */
  readonly json: string;
  readonly index: readonly (readonly [param: string, value: string])[];
}

/** Lines per row in what the worker is handed (`frameRows`). */
const LINES_PER_ROW = 5;

/**
 * The rows as lines of text: id, lastUpdated, format, index rows as JSON, then the event's JSON
 * as it is. Encoding the rows as one JSON value instead escaped every event's JSON a second time
 * on the main thread, for the worker to undo.
 */
function frameRows(rows: readonly AuditRow[]): string {
  return rows.map((row) => `${row.id}\n${row.lastUpdated}\n${row.format}\n${JSON.stringify(row.index)}\n${row.json}`).join('\n');
}

type FromWorker =
  | { readonly kind: 'committed'; readonly batches: readonly number[] }
  | { readonly kind: 'failed'; readonly batches: readonly number[]; readonly message: string }
  | { readonly kind: 'stopped' };

/**
 * The worker: its own connection to the audit file, appending whatever arrived while it was busy
 * in one transaction. `synchronous=NORMAL`: a commit is in the operating system's hands when it
 * returns, so it survives the server process dying; a PASSIVE checkpoint every `syncIntervalMs`
 * (which fsyncs the log first) puts it on disk within about a second, without an fsync per read.
 *
 * An event's index rows are written later than the event, with those of the events after it:
 * each event's rows land on a dozen different pages of the index, so a commit of one event with
 * its rows wrote about 25 pages to the log, and a commit of many writes each of those pages once
 * for all of them. They go in with the commit that brings the backlog to `indexEvery`, when the
 * writer has been idle for `indexIdleMs`, when asked (`index`, before a search), and at stop;
 * `indexed-through` in audit_meta says how far they reach, so a crash in between loses nothing:
 * `AuditLog.indexTail` finishes the job before the next writer starts.
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
const writeIndexedThrough = db.prepare("INSERT OR REPLACE INTO audit_meta (name, value) VALUES ('indexed-through', ?)");
// This worker's dictionaries, one per format: the first row of that format it appends, stored in
// the same transaction.
const dictionaries = new Map();
// Committed events whose index rows are not written yet, in sequence order: [seq, rows].
let unindexed = [];
const writeIndex = (events) => {
  for (const [seq, rows] of events) for (const [param, value] of rows) insertIndex.run(param, value, seq);
  writeIndexedThrough.run(String(events[events.length - 1][0]));
};
// Returns the events still without index rows once it commits; a rolled-back call changes nothing.
const appendAll = db.transaction((appends, indexAll) => {
  const pending = unindexed.slice();
  for (const { lines, start, rows } of appends) {
    for (let at = start; at < start + rows * ${LINES_PER_ROW}; at += ${LINES_PER_ROW}) {
      const row = { id: lines[at], lastUpdated: lines[at + 1], format: Number(lines[at + 2]), index: JSON.parse(lines[at + 3]), json: lines[at + 4] };
      let dictionary = dictionaries.get(row.format);
      if (dictionary === undefined) {
        const bytes = Buffer.from(row.json);
        dictionary = { id: insertDictionary.run(bytes).lastInsertRowid, bytes, committed: false };
        dictionaries.set(row.format, dictionary);
      }
      const body = deflateRawSync(row.json, { level: 1, dictionary: dictionary.bytes });
      const seq = insertEvent.run(row.id, row.lastUpdated, row.format, dictionary.id, body).lastInsertRowid;
      pending.push([seq, row.index]);
    }
  }
  if (pending.length === 0 || (!indexAll && pending.length < workerData.indexEvery)) return pending;
  writeIndex(pending);
  return [];
});
let queue = [];
let scheduled = false;
let unsynced = false;
let idleIndex;
const run = (messages, indexAll) => {
  try {
    unindexed = appendAll.immediate(messages, indexAll);
    for (const dictionary of dictionaries.values()) dictionary.committed = true;
    unsynced = true;
    return undefined;
  } catch (error) {
    // A dictionary made in the transaction that failed was rolled back with it.
    for (const [format, dictionary] of dictionaries) if (!dictionary.committed) dictionaries.delete(format);
    return String(error && error.message);
  }
};
const commit = () => {
  scheduled = false;
  while (queue.length > 0) {
    const appends = queue.splice(0, workerData.chunk);
    const batches = appends.map((append) => append.batch);
    const failure = run(appends, false);
    parentPort.postMessage(failure === undefined ? { kind: 'committed', batches } : { kind: 'failed', batches, message: failure });
  }
  clearTimeout(idleIndex);
  if (unindexed.length > 0) idleIndex = setTimeout(indexNow, workerData.indexIdleMs);
};
const indexNow = () => {
  clearTimeout(idleIndex);
  return unindexed.length === 0 ? undefined : run([], true);
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
    // The turn's appends as one text, each append's rows in order (frameRows).
    const lines = message.text.split('\\n');
    let start = 0;
    message.batches.forEach((batch, i) => {
      queue.push({ batch, lines, start, rows: message.rows[i] });
      start += message.rows[i] * ${LINES_PER_ROW};
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(commit);
    }
    return;
  }
  if (message.kind === 'index') {
    commit();
    const failure = indexNow();
    const batches = [message.batch];
    parentPort.postMessage(failure === undefined ? { kind: 'committed', batches } : { kind: 'failed', batches, message: failure });
    return;
  }
  clearInterval(timer);
  commit();
  indexNow();
  sync();
  db.close();
  parentPort.postMessage({ kind: 'stopped' });
  parentPort.close();
});
`;

/**
 * The most appends one commit takes: answering its requests as soon as it commits lets the main
 * thread go on serving them while the worker commits the rest.
 */
const CHUNK = 64;

/** How often the worker makes what it appended durable against power loss. */
const SYNC_INTERVAL_MS = 1000;

/** Index rows are written once this many events wait for them, or after this long without appends. */
const INDEX_EVERY = 128;
const INDEX_IDLE_MS = 50;

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
  /** Appends of this event-loop turn, posted together at its end: each one's batch, row count and framed rows. */
  private outgoing: { batches: number[]; rows: number[]; texts: string[] } = { batches: [], rows: [], texts: [] };
  private stopping: Promise<void> | undefined;

  /**
   * `catchUp` writes the index rows of events committed without them (by a writer that died before
   * it wrote them, `AuditLog.indexTail`); it runs whenever no worker is running to do it.
   */
  constructor(
    private readonly file: string,
    private readonly catchUp: () => void = () => undefined,
  ) {}

  append(rows: readonly AuditRow[]): Promise<void> {
    if (this.stopping !== undefined) return Promise.reject(new Error('The audit writer is closed.'));
    if (rows.length === 0) return Promise.resolve();
    const text = frameRows(rows);
    return this.send((batch) => {
      const outgoing = this.outgoing;
      outgoing.batches.push(batch);
      outgoing.rows.push(rows.length);
      outgoing.texts.push(text);
      if (outgoing.batches.length === 1) setImmediate(() => this.post());
    });
  }

  /**
   * Resolves once every event appended so far has its index rows, so a search that waits for it
   * finds them all. Without a running worker that is the catch-up's job (after close, the stop did it).
   */
  indexed(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    if (this.worker === undefined) {
      try {
        this.catchUp();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.send((batch) => {
      // After the appends of this turn, so the worker commits them before it answers.
      this.post();
      this.worker?.postMessage({ kind: 'index', batch });
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
            this.post();
            worker.postMessage({ kind: 'stop' });
          });
    return this.stopping;
  }

  /**
   * Hands over the turn's appends in one message. Each message wakes the worker (and each answer
   * the main thread), so one per request cost both threads more than the appends themselves.
   */
  private post(): void {
    const { batches, rows, texts } = this.outgoing;
    if (batches.length === 0) return;
    this.outgoing = { batches: [], rows: [], texts: [] };
    this.worker?.postMessage({ kind: 'append', batches, rows, text: texts.join('\n') });
  }

  /** Starts the worker if need be, and resolves when it answers for the batch `hand` hands over. */
  private send(hand: (batch: number) => void): Promise<void> {
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const batch = this.nextBatch++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject });
      // Keeps the process alive only while an answer is outstanding.
      if (this.waiting.size === 1) worker.ref();
      hand(batch);
    });
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.catchUp();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver, syncIntervalMs: SYNC_INTERVAL_MS, chunk: CHUNK, indexEvery: INDEX_EVERY, indexIdleMs: INDEX_IDLE_MS },
    });
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
      if (message.kind === 'committed') waiting?.resolve();
      else waiting?.reject(new Error(`could not write to the audit trail: ${message.message}`));
    }
    if (this.waiting.size === 0) this.worker?.unref();
  }

  /** Whatever the worker had not confirmed is failed: it may or may not be on disk, and nobody is told it is. */
  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(new Error(reason));
    this.waiting.clear();
    // Already failed above: not to be handed to the next worker.
    this.outgoing = { batches: [], rows: [], texts: [] };
  }
}
