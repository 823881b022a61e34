import { newResourceId } from './resource-id.js';
import type { Database, Statement } from 'better-sqlite3';
import type { Resource } from 'fhir/r4.js';
import type {
  AppendedAudit,
  AuditEntry,
  CreateOptions,
  OutboxRecordFilter,
  HistoryQuery,
  IdempotentResponse,
  SearchPage,
  SearchQuery,
  ServerStore,
  StoredVersion,
  StoreTransaction,
  WriteOptions,
  WriteResult,
} from './store.js';
import { openDatabase } from './open-database.js';
import { applyMigrations, LAST_STEP_WITH_AUDIT_TABLES, migrations } from './migrations.js';
import { fixedSql, wholeTableSql, type FixedSqlName } from './statements.js';
import { asStoredResource } from './stored-resource.js';
import { openResourceJsonCodec, type ResourceJsonCodec, type StoredBody } from './resource-json.js';
import { countSql, searchPageSql, type SearchSqlInput, type SqlStatement, type SqlValue } from './search-sql.js';
import { cursorCodec, type CursorCodec } from './cursor.js';
import { indexRowsOf, indexSignature } from './index-rows.js';
import { InvalidCursorError } from './store-errors.js';
import { startBackgroundCheckpoint, type BackgroundCheckpoint } from './background-checkpoint.js';
import { AuditLog } from './audit-log.js';
import { AUDIT_EVENT, eventAuditRow, restAuditRow } from './audit-rows.js';
import { AuditWriter } from './audit-writer.js';
import { auditFileOf, auditMigrations } from './audit-schema.js';
import { moveAuditTrail } from './move-audit-trail.js';
import { WalSync } from './wal-sync.js';
import { ReadCache, defaultReadCacheOptions, type ReadCacheOptions } from './read-cache.js';
import { searchableResourceTypes } from '../search/search-parameters.js';
import type { NewOutboxItem, OutboxItem, OutboxPort, OutboxRecord } from '../sharing/outbox.js';
import { toOutboxItem, toOutboxRecord, type OutboxRow } from './outbox-rows.js';
import type { JtiCache } from '../auth/jti-cache.js';

export interface SqliteStoreOptions {
  /** Path of the database file (created with its schema when missing). */
  readonly file: string;
  /** How long an `X-Request-ID` is remembered; default 24 hours. */
  readonly idempotencyRetentionMs?: number | undefined;
  /** The clock; tests pass a fixed one. */
  readonly now?: (() => Date) | undefined;
  /** Sizes of the in-memory read cache; zeros turn it off (the benchmark measures SQLite that way). */
  readonly readCache?: ReadCacheOptions | undefined;
  /**
   * Checkpoint the WAL from a worker thread instead of inside whichever commit fills it
   * (background-checkpoint.ts). The server turns this on; it costs a thread per store.
   */
  readonly backgroundCheckpoint?: boolean | undefined;
  /**
   * How long a client-assertion id is remembered beyond its `exp`, in seconds: the clock skew the
   * assertion check allows. Default 30, as the in-memory cache's.
   */
  readonly jtiToleranceSeconds?: number | undefined;
  /** SQLite's page cache for this connection, in KiB (open-database.ts has the default). */
  readonly cacheKiB?: number | undefined;
  /** How the write-ahead log is flushed to disk after a group commit (wal-sync.ts); tests pass one that fails. */
  readonly syncFile?: ((file: string) => Promise<void>) | undefined;
}

const DEFAULT_JTI_TOLERANCE_SECONDS = 30;

/** How often the background checkpointer copies the WAL back into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;
/** SQLite's own default, restored if the background checkpointer fails. */
const AUTOCHECKPOINT_PAGES = 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The main thread only searches the audit file; its hot pages are the newest. */
const AUDIT_READER_CACHE_KIB = 16_384;
/** Distinct dynamic search statements kept prepared; query shapes are few, values are bound. */
const STATEMENT_CACHE_LIMIT = 256;
/** Enough to share one fsync among every writer a busy server has waiting, small enough to keep latency flat. */
const MAX_GROUP_SIZE = 64;
type WorkOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface PendingWork {
  readonly work: () => unknown;
  readonly settle: (outcome: WorkOutcome) => void;
}

interface VersionRow extends StoredBody {
  readonly version: number;
  readonly lastUpdated: string;
  readonly deleted: number;
}

interface HistoryRow extends VersionRow {
  readonly resourceType: string;
  readonly id: string;
}

interface PointerRow {
  readonly version: number;
  readonly lastUpdated: string;
  readonly deleted: number;
}

interface ReindexRow extends StoredBody {
  readonly type: string;
  readonly id: string;
}

interface MatchRow {
  readonly id: string;
  readonly version: number;
  readonly lastUpdated: string;
}

/** What the fixed statements bind: a search's values, and a deflated resource body. */
type FixedValue = SqlValue | Buffer;

function toStoredVersion(codec: ResourceJsonCodec, resourceType: string, id: string, row: VersionRow): StoredVersion {
  const json = codec.decode(row);
  return {
    resourceType,
    id,
    versionId: row.version,
    lastUpdated: row.lastUpdated,
    deleted: row.deleted === 1,
    resource: json === undefined ? undefined : (JSON.parse(json) as Resource),
  };
}

/** What a search or a cursor is about, so a cursor cannot be replayed against another query. */
function searchScope(query: SearchQuery): string {
  return JSON.stringify(['s', query.resourceType, query.sort, query.conditions]);
}

function historyScope(query: HistoryQuery): string {
  return JSON.stringify(['h', query.resourceType, query.id ?? null]);
}

class SqliteStore implements ServerStore {
  private readonly fixed: { readonly [K in FixedSqlName]: Statement<FixedValue[]> };
  private readonly wholeTable: { readonly outboxAll: Statement<SqlValue[]> };
  private readonly codec: ResourceJsonCodec;
  private readonly dynamic = new Map<string, Statement<SqlValue[]>>();
  private readonly cursors: CursorCodec;
  private lastIssued = 0;
  private closed = false;
  private readonly pending: PendingWork[] = [];
  private readonly cache: ReadCache;
  private readonly audit: AuditLog;
  private readonly auditWriter: AuditWriter;
  private readonly walSync: WalSync;
  private checkpointer: BackgroundCheckpoint | undefined;
  private flushScheduled = false;
  /** Groups committed whose WAL sync has not finished yet; while there is one, new work queues. */
  private awaitingSync = 0;
  /** Prepared once: `pragma()` compiles its statement on every call, twice per group commit. */
  private readonly synchronous: { readonly normal: Statement; readonly full: Statement };

  constructor(
    private readonly db: Database,
    private readonly auditDb: Database,
    auditFile: string,
    walSync: WalSync,
    private readonly retentionMs: number,
    private readonly now: () => Date,
    cacheOptions: ReadCacheOptions,
    private readonly jtiToleranceSeconds: number,
  ) {
    this.cache = new ReadCache(cacheOptions);
    this.synchronous = { normal: db.prepare('PRAGMA synchronous = NORMAL'), full: db.prepare('PRAGMA synchronous = FULL') };
    this.audit = new AuditLog(auditDb);
    this.auditWriter = new AuditWriter(auditFile, () => this.audit.indexTail());
    this.walSync = walSync;
    const prepared: Partial<Record<FixedSqlName, Statement<FixedValue[]>>> = {};
    for (const name of Object.keys(fixedSql) as FixedSqlName[]) prepared[name] = db.prepare<FixedValue[]>(fixedSql[name]);
    this.fixed = prepared as { readonly [K in FixedSqlName]: Statement<FixedValue[]> };
    this.wholeTable = { outboxAll: db.prepare<SqlValue[]>(wholeTableSql.outboxAll) };
    this.codec = openResourceJsonCodec(db);
    const key = this.fixed.readMeta.get('cursor-key') as { value: string } | undefined;
    if (key === undefined) throw new Error('store_meta has no cursor key: the schema is incomplete');
    this.cursors = cursorCodec(key.value);
    this.reindexIfDefinitionsChanged();
    this.audit.reindexIfChanged(indexSignature(searchableResourceTypes));
    // Events a crash left without their index rows (audit-writer.ts) are found again from here on.
    this.audit.indexTail();
  }

  // ---- Store ---------------------------------------------------------------------------------

  async read(resourceType: string, id: string): Promise<StoredVersion | undefined> {
    this.assertOpen();
    if (resourceType === AUDIT_EVENT) return this.audit.read(id);
    const cached = this.cache.currentVersion(resourceType, id);
    if (cached !== undefined) return cached;
    const version = this.readCurrent(resourceType, id);
    return version === undefined || this.db.inTransaction ? version : this.cache.rememberCurrent(version);
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<StoredVersion | undefined> {
    this.assertOpen();
    if (resourceType === AUDIT_EVENT) return versionId === 1 ? this.audit.read(id) : undefined;
    const cached = this.cache.version(resourceType, id, versionId);
    if (cached !== undefined) return cached;
    const row = this.fixed.readVersion.get(resourceType, id, versionId) as VersionRow | undefined;
    if (row === undefined) return undefined;
    const version = toStoredVersion(this.codec, resourceType, id, row);
    return this.db.inTransaction ? version : this.cache.rememberVersion(version);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    this.assertOpen();
    if (query.resourceType === AUDIT_EVENT) {
      await this.auditWriter.indexed();
      return this.auditPage(query);
    }
    // One encoding of the whole query: the scope's own JSON nested in it was escaped twice.
    const key = JSON.stringify([query.resourceType, query.sort, query.conditions, query.count, query.cursor ?? null]);
    // An identifier condition reads the Patient's index rows too.
    const dependsOn = query.conditions.some((condition) => condition.kind === 'identifier') ? [query.resourceType, 'Patient'] : [query.resourceType];
    const cached = this.cache.search(key, dependsOn);
    if (cached !== undefined) return cached;
    const page = this.searchNow(query);
    return this.db.inTransaction ? page : this.cache.rememberSearch(key, dependsOn, page);
  }

  async count(query: Omit<SearchQuery, 'count' | 'cursor' | 'sort'>): Promise<number> {
    this.assertOpen();
    if (query.resourceType === AUDIT_EVENT) {
      await this.auditWriter.indexed();
      return this.audit.count(query.conditions);
    }
    return this.countNow(query);
  }

  async history(query: HistoryQuery): Promise<SearchPage> {
    this.assertOpen();
    if (query.resourceType === AUDIT_EVENT) {
      // An event has one version, so its history is itself; the type's history is the log.
      if (query.id === undefined) return this.auditPage({ resourceType: AUDIT_EVENT, conditions: [], sort: '-lastUpdated', count: query.count, cursor: query.cursor });
      const event = this.audit.read(query.id);
      return { matches: event === undefined ? [] : [event] };
    }
    const limit = Math.max(1, Math.floor(query.count));
    const position = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, historyScope(query));
    const rows = this.historyRows(query, position?.direction ?? 'next', position?.key, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (position?.direction === 'previous') page.reverse();
    const first = page[0];
    const last = page[page.length - 1];
    const keyOf = (row: HistoryRow): (string | number)[] => (query.id === undefined ? [row.lastUpdated, row.id, row.version] : [row.version]);
    const scope = historyScope(query);
    const hasNext = position?.direction === 'previous' ? position !== undefined : more;
    const hasPrevious = position?.direction === 'previous' ? more : position !== undefined;
    return {
      matches: page.map((row) => toStoredVersion(this.codec, row.resourceType, row.id, row)),
      next: hasNext && last !== undefined ? this.cursors.encode({ direction: 'next', key: keyOf(last), scope }) : undefined,
      previous: hasPrevious && first !== undefined ? this.cursors.encode({ direction: 'previous', key: keyOf(first), scope }) : undefined,
    };
  }

  async transaction<T>(work: (tx: StoreTransaction) => T): Promise<T> {
    this.assertOpen();
    return this.enqueue(() => this.runWork(work));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<AppendedAudit[]> {
    this.assertOpen();
    const rows = entries.map((entry) => {
      const appended: AppendedAudit = { id: newResourceId(), lastUpdated: this.issueInstant() };
      return 'rest' in entry ? restAuditRow(entry.rest, appended) : eventAuditRow(entry.event, appended);
    });
    await this.auditWriter.append(rows);
    return rows.map((row) => ({ id: row.id, lastUpdated: row.lastUpdated }));
  }

  async idempotentTransaction<T>(
    key: string,
    work: (tx: StoreTransaction) => T,
    toResponse: (result: T) => IdempotentResponse,
  ): Promise<{ readonly replayed: false; readonly result: T } | { readonly replayed: true; readonly response: IdempotentResponse }> {
    this.assertOpen();
    return this.enqueue(() => {
      const nowMs = this.now().getTime();
      const cutoff = nowMs - this.retentionMs;
      this.fixed.purgeIdempotency.run(cutoff);
      const earlier = this.fixed.readIdempotency.get(key, cutoff) as { response: string } | undefined;
      if (earlier !== undefined) return { replayed: true as const, response: JSON.parse(earlier.response) as IdempotentResponse };
      const result = this.runWork(work);
      this.fixed.insertIdempotency.run(key, JSON.stringify(toResponse(result)), nowMs);
      return { replayed: false as const, result };
    });
  }

  outbox(): OutboxPort {
    return {
      due: (now, limit) => {
        this.assertOutsideWork('outbox().due');
        const rows = this.fixed.outboxDue.all(now.getTime(), Math.max(0, Math.floor(limit))) as OutboxRow[];
        return rows.map(toOutboxItem);
      },
      markDelivered: (id, at) => {
        this.assertOutsideWork('outbox().markDelivered');
        this.fixed.outboxMarkDelivered.run(at.getTime(), id);
      },
      markRetry: (id, attempts, nextAttemptAt, lastError) => {
        this.assertOutsideWork('outbox().markRetry');
        this.fixed.outboxMarkRetry.run(attempts, nextAttemptAt.getTime(), lastError, id);
      },
      markAbandoned: (id, at, lastError) => {
        this.assertOutsideWork('outbox().markAbandoned');
        this.fixed.outboxMarkAbandoned.run(at.getTime(), lastError, id);
      },
    };
  }

  outboxRecords(filter: OutboxRecordFilter = {}): readonly OutboxRecord[] {
    this.assertOpen();
    const { lhcreClientId, nhsNumber } = filter;
    let rows: OutboxRow[];
    if (lhcreClientId !== undefined && nhsNumber !== undefined) rows = this.fixed.outboxByPatientAndLhcre.all(nhsNumber, lhcreClientId) as OutboxRow[];
    else if (nhsNumber !== undefined) rows = this.fixed.outboxByPatient.all(nhsNumber) as OutboxRow[];
    else if (lhcreClientId !== undefined) rows = this.fixed.outboxByLhcre.all(lhcreClientId) as OutboxRow[];
    else rows = this.wholeTable.outboxAll.all() as OutboxRow[];
    return rows.map(toOutboxRecord);
  }

  jtiCache(): JtiCache {
    const claim = this.db.transaction((issuer: string, jti: string, forgetAfter: number, nowSeconds: number): boolean => {
      // Opportunistic: the expiry index makes this a range delete of only what lapsed since the last claim.
      this.fixed.purgeUsedJti.run(nowSeconds);
      return this.fixed.claimJti.run(issuer, jti, forgetAfter, nowSeconds).changes === 1;
    });
    return {
      claim: (iss, jti, expSeconds) => {
        this.assertOutsideWork('jtiCache().claim');
        const nowSeconds = Math.floor(this.now().getTime() / 1000);
        return claim.immediate(iss, jti, Math.ceil(expSeconds) + this.jtiToleranceSeconds, nowSeconds);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Work already accepted still commits: a caller awaiting it was promised an answer.
    while (this.pending.length > 0) this.flush();
    this.closed = true;
    await Promise.all([this.walSync.idle(), this.checkpointer?.stop(), this.auditWriter.close()]);
    this.dynamic.clear();
    this.db.close();
    this.auditDb.close();
  }

  /** Hands WAL checkpoints to a worker thread; if it ever fails, this connection takes them back. */
  async checkpointInBackground(file: string): Promise<void> {
    this.checkpointer = await startBackgroundCheckpoint({
      file,
      intervalMs: CHECKPOINT_INTERVAL_MS,
      onError: () => {
        if (!this.closed) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      },
    });
    this.db.pragma('wal_autocheckpoint = 0');
  }

  // ---- group commit --------------------------------------------------------------------------

  /**
   * Queues `work` for the next group commit. Writes that arrive while the event loop is busy
   * share one SQLite transaction and so one fsync, which is what makes durable writes cheap;
   * each keeps its own all-or-nothing guarantee through a savepoint (see `flush`).
   */
  private enqueue<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)) });
      this.scheduleFlush();
    });
  }

  /**
   * A group is committed once the event loop is free and no earlier group is still waiting for
   * its WAL sync. Committing during that sync gained nothing: the group would wait for the next
   * sync anyway, which cannot start before this one ends. Waiting instead lets everything that
   * arrives meanwhile share one COMMIT, whose cost (writing each changed page to the log) grows
   * far more slowly than the group, so a busy server commits at the pace of its disk.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.awaitingSync > 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.pending.length > 0 && !this.closed) this.flush();
    });
  }

  /**
   * Commits one group. better-sqlite3 turns a transaction function called inside another into a
   * savepoint, so a work that throws rolls back only its own writes; the others still commit.
   * COMMIT writes the WAL without an fsync (`synchronous=NORMAL` for this statement only), and
   * nobody whose work committed hears back until the WAL sync that follows it (wal-sync.ts) has
   * put it on disk; meanwhile the event loop serves other requests instead of waiting on the
   * disk. If COMMIT or the sync fails, every work in the group fails: none of them is durable.
   */
  private flush(): void {
    const group = this.pending.splice(0, MAX_GROUP_SIZE);
    const failure = this.walSync.failure;
    if (failure !== undefined) {
      for (const item of group) item.settle({ ok: false, error: failure });
      return;
    }
    const outcomes: WorkOutcome[] = [];
    this.synchronous.normal.run();
    try {
      this.db
        .transaction(() => {
          for (const item of group) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      this.cache.clear();
      for (const item of group) item.settle({ ok: false, error });
      return;
    } finally {
      this.synchronous.full.run();
    }
    this.awaitingSync += 1;
    this.walSync.after((error) => {
      this.awaitingSync -= 1;
      // Whatever else the group committed is already visible to reads; drop it from the cache so
      // nothing served later rests on writes that may not be on disk.
      if (error !== undefined) this.cache.clear();
      group.forEach((item, index) => item.settle(error === undefined ? (outcomes[index] ?? { ok: false, error: new Error('group commit lost an outcome') }) : { ok: false, error }));
      // What queued meanwhile commits next, as one group, once the answers settled here have gone
      // out: their clients' next requests may still join it.
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  // ---- reads ---------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new Error('The store is closed.');
  }

  /**
   * The outbox marks and jti claims are synchronous autocommit writes on this connection. A group
   * flush is synchronous too, so no callback can run while it is open, except transaction work
   * itself: called from there, the write would silently join (and commit or roll back with) the
   * group. Refusing that keeps these writes strictly between group commits.
   */
  private assertOutsideWork(what: string): void {
    this.assertOpen();
    if (this.db.inTransaction) throw new Error(`${what} cannot run inside store transaction work; call it outside store.transaction().`);
  }

  private readCurrent(resourceType: string, id: string): StoredVersion | undefined {
    this.assertOpen();
    const row = this.fixed.readCurrent.get(resourceType, id) as VersionRow | undefined;
    return row === undefined ? undefined : toStoredVersion(this.codec, resourceType, id, row);
  }

  private statement(sql: SqlStatement): Statement<SqlValue[]> {
    let statement = this.dynamic.get(sql.sql);
    if (statement === undefined) {
      if (this.dynamic.size >= STATEMENT_CACHE_LIMIT) {
        const oldest = this.dynamic.keys().next().value;
        if (oldest !== undefined) this.dynamic.delete(oldest);
      }
      statement = this.db.prepare<SqlValue[]>(sql.sql);
      this.dynamic.set(sql.sql, statement);
    }
    return statement;
  }

  private countNow(query: SearchSqlInput): number {
    const sql = countSql(query);
    const row = this.statement(sql).get(...sql.params) as { total: number };
    return row.total;
  }

  /** A page of the audit log, paged by its sequence number exactly as searches page by time. */
  private auditPage(query: SearchQuery): SearchPage {
    const limit = Math.max(1, Math.floor(query.count));
    const scope = searchScope(query);
    const position = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope);
    const [after] = position?.key ?? [];
    if (position !== undefined && (position.key.length !== 1 || typeof after !== 'number')) throw new InvalidCursorError();
    const forward = query.sort === 'lastUpdated' ? 'asc' : 'desc';
    const backward = forward === 'asc' ? 'desc' : 'asc';
    const { rows, keys } = this.audit.page(query, position?.direction === 'previous' ? backward : forward, after as number | undefined, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const pageKeys = keys.slice(0, limit);
    if (position?.direction === 'previous') {
      page.reverse();
      pageKeys.reverse();
    }
    const hasNext = position?.direction === 'previous' ? true : more;
    const hasPrevious = position?.direction === 'previous' ? more : position !== undefined;
    const first = pageKeys[0];
    const last = pageKeys[pageKeys.length - 1];
    return {
      matches: page,
      next: hasNext && last !== undefined ? this.cursors.encode({ direction: 'next', key: [last], scope }) : undefined,
      previous: hasPrevious && first !== undefined ? this.cursors.encode({ direction: 'previous', key: [first], scope }) : undefined,
    };
  }

  private searchNow(query: SearchQuery): SearchPage {
    this.assertOpen();
    if (query.resourceType === AUDIT_EVENT) return this.auditPage(query);
    const limit = Math.max(1, Math.floor(query.count));
    const scope = searchScope(query);
    const position = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope);
    const anchor = position === undefined ? undefined : this.searchAnchor(position.key);
    const forward = query.sort === 'lastUpdated' ? 'asc' : 'desc';
    const backward = forward === 'asc' ? 'desc' : 'asc';
    const sql = searchPageSql(query, position?.direction === 'previous' ? backward : forward, anchor, limit + 1);
    const rows = this.statement(sql).all(...sql.params) as MatchRow[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (position?.direction === 'previous') page.reverse();
    const first = page[0];
    const last = page[page.length - 1];
    const hasNext = position?.direction === 'previous' ? true : more;
    const hasPrevious = position?.direction === 'previous' ? more : position !== undefined;
    return {
      matches: page.map((row) => this.loadVersion(query.resourceType, row.id, row.version)),
      next: hasNext && last !== undefined ? this.cursors.encode({ direction: 'next', key: [last.lastUpdated, last.id], scope }) : undefined,
      previous: hasPrevious && first !== undefined ? this.cursors.encode({ direction: 'previous', key: [first.lastUpdated, first.id], scope }) : undefined,
    };
  }

  private searchAnchor(key: readonly (string | number)[]): readonly [string, string] {
    const [lastUpdated, id] = key;
    if (key.length !== 2 || typeof lastUpdated !== 'string' || typeof id !== 'string') throw new InvalidCursorError();
    return [lastUpdated, id];
  }

  /** One stored version, from the read cache or its row: a search reads only its page's rows this way, never the JSON of the rest. */
  private loadVersion(resourceType: string, id: string, version: number): StoredVersion {
    const cached = this.cache.version(resourceType, id, version);
    if (cached !== undefined) return cached;
    const row = this.fixed.readVersion.get(resourceType, id, version) as VersionRow | undefined;
    if (row === undefined) throw new Error('current_resources points at a missing version');
    return toStoredVersion(this.codec, resourceType, id, row);
  }

  private historyRows(query: HistoryQuery, direction: 'next' | 'previous', key: readonly (string | number)[] | undefined, limit: number): HistoryRow[] {
    if (query.id !== undefined) {
      const [version] = key ?? [Number.MAX_SAFE_INTEGER];
      if (typeof version !== 'number' || (key !== undefined && key.length !== 1)) throw new InvalidCursorError();
      const statement = direction === 'previous' ? this.fixed.instanceHistoryPrevious : this.fixed.instanceHistoryNext;
      return statement.all(query.resourceType, query.id, version, limit) as HistoryRow[];
    }
    if (key === undefined) return this.fixed.typeHistoryFirst.all(query.resourceType, limit) as HistoryRow[];
    const [lastUpdated, id, version] = key;
    if (key.length !== 3 || typeof lastUpdated !== 'string' || typeof id !== 'string' || typeof version !== 'number') throw new InvalidCursorError();
    const statement = direction === 'previous' ? this.fixed.typeHistoryPrevious : this.fixed.typeHistoryNext;
    return statement.all(query.resourceType, lastUpdated, id, version, limit) as HistoryRow[];
  }

  // ---- writes --------------------------------------------------------------------------------

  /** Runs `work` inside the caller's SQLite transaction with a handle that dies when it ends. */
  private runWork<T>(work: (tx: StoreTransaction) => T): T {
    let open = true;
    const guard = (): void => {
      if (!open) throw new Error('The store transaction has ended; start a new one.');
    };
    const tx: StoreTransaction = {
      read: (resourceType, id) => (guard(), this.readCurrent(resourceType, id)),
      create: (resource, options) => (guard(), this.create(resource, options)),
      update: (resource, options) => (guard(), this.update(resource, options)),
      delete: (resourceType, id, options) => (guard(), this.delete(resourceType, id, options)),
      search: (query) => (guard(), this.searchNow(query)),
      addOutbox: (item) => (guard(), this.addOutbox(item)),
    };
    try {
      const result = work(tx);
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        // better-sqlite3 would commit before the promise settles: refuse, so nothing half-done commits.
        throw new TypeError('Store transaction work must be synchronous.');
      }
      return result;
    } finally {
      open = false;
    }
  }

  private create(resource: Resource, options: CreateOptions | undefined): WriteResult {
    if (resource.resourceType === AUDIT_EVENT) throw new TypeError('AuditEvents are appended with appendAudit, outside store transactions.');
    const condition = options?.ifNoneExist;
    if (condition !== undefined) {
      const matches = this.searchNow({ ...condition, count: 2, cursor: undefined });
      const only = matches.matches[0];
      if (matches.matches.length === 1 && only !== undefined) return { ok: true, version: only, created: false, existing: true };
      if (matches.matches.length > 1) return { ok: false, refusal: { kind: 'multiple-matches', count: this.countNow(condition) } };
    }
    return { ok: true, version: this.writeVersion(resource, newResourceId(), 1, undefined), created: true };
  }

  private update(resource: Resource & { id: string }, options: WriteOptions | undefined): WriteResult {
    if (resource.resourceType === AUDIT_EVENT) throw new TypeError('AuditEvents are appended, never updated.');
    const pointer = this.fixed.currentPointer.get(resource.resourceType, resource.id) as PointerRow | undefined;
    const ifMatch = options?.ifMatch;
    if (ifMatch !== undefined && ifMatch !== pointer?.version) {
      return { ok: false, refusal: { kind: 'version-conflict', currentVersionId: pointer?.version } };
    }
    // A tombstoned resource comes back as a new version: the update recreates it.
    const created = pointer === undefined || pointer.deleted === 1;
    return { ok: true, version: this.writeVersion(resource, resource.id, (pointer?.version ?? 0) + 1, created ? undefined : pointer.version), created };
  }

  private delete(resourceType: string, id: string, options: WriteOptions | undefined): WriteResult {
    if (resourceType === AUDIT_EVENT) throw new TypeError('AuditEvents are never deleted.');
    const pointer = this.fixed.currentPointer.get(resourceType, id) as PointerRow | undefined;
    if (pointer === undefined) return { ok: false, refusal: { kind: 'not-found' } };
    if (pointer.deleted === 1) return { ok: false, refusal: { kind: 'gone', versionId: pointer.version } };
    if (options?.ifMatch !== undefined && options.ifMatch !== pointer.version) {
      return { ok: false, refusal: { kind: 'version-conflict', currentVersionId: pointer.version } };
    }
    const version = pointer.version + 1;
    const lastUpdated = this.issueInstant();
    this.removeIndexRows(resourceType, id, pointer.version);
    this.cache.written(resourceType, id);
    this.fixed.insertVersion.run(resourceType, id, version, lastUpdated, 1, null, null);
    this.fixed.upsertCurrent.run(resourceType, id, version, lastUpdated, 1);
    return { ok: true, version: { resourceType, id, versionId: version, lastUpdated, deleted: true, resource: undefined }, created: false };
  }

  private addOutbox(item: NewOutboxItem): OutboxItem {
    const nextAttemptAt = item.nextAttemptAt ?? this.now();
    const result = this.fixed.insertOutbox.run(
      item.id,
      item.lhcreClientId,
      item.endpoint,
      item.event,
      item.nhsNumber,
      JSON.stringify(item.resources),
      item.changedAt,
      nextAttemptAt.getTime(),
    );
    return {
      id: item.id,
      sequence: Number(result.lastInsertRowid),
      lhcreClientId: item.lhcreClientId,
      endpoint: item.endpoint,
      event: item.event,
      nhsNumber: item.nhsNumber,
      resources: [...item.resources],
      changedAt: item.changedAt,
      attempts: 0,
    };
  }

  /** `previous`: the live version this one replaces, whose index rows go; none for a new or tombstoned id. */
  private writeVersion(resource: Resource, id: string, version: number, previous: number | undefined): StoredVersion {
    const lastUpdated = this.issueInstant();
    const { resourceType } = resource;
    const stored = asStoredResource(resource, id, version, lastUpdated);
    if (previous !== undefined) this.removeIndexRows(resourceType, id, previous);
    this.cache.written(resourceType, id);
    const body = this.codec.encode(resourceType, JSON.stringify(stored));
    this.fixed.insertVersion.run(resourceType, id, version, lastUpdated, 0, body.json, body.dictionary);
    this.fixed.upsertCurrent.run(resourceType, id, version, lastUpdated, 0);
    this.insertIndexRows(resourceType, id, stored);
    return { resourceType, id, versionId: version, lastUpdated, deleted: false, resource: stored };
  }

  private insertIndexRows(resourceType: string, id: string, resource: Resource): void {
    const rows = indexRowsOf(resource);
    for (const token of rows.tokens) this.fixed.insertToken.run(resourceType, token.param, token.code, token.system, id);
    for (const reference of rows.references) this.fixed.insertReference.run(resourceType, reference.param, reference.targetType, reference.targetId, id);
  }

  /**
   * The index rows of a live version, worked out again from its content and removed one by one by
   * key. They are exactly the rows it was written with: the definitions that made them are the ones
   * in force, since the store rebuilds every row on open when those change.
   */
  private removeIndexRows(resourceType: string, id: string, version: number): void {
    const live = this.loadVersion(resourceType, id, version).resource;
    if (live === undefined) return;
    const rows = indexRowsOf(live);
    for (const token of rows.tokens) this.fixed.deleteToken.run(resourceType, token.param, token.code, id, token.system);
    for (const reference of rows.references) this.fixed.deleteReference.run(resourceType, reference.param, reference.targetType, reference.targetId, id);
  }

  /** Instants never go backwards within a process, so `_lastUpdated` order follows write order. */
  private issueInstant(): string {
    this.lastIssued = Math.max(this.now().getTime(), this.lastIssued);
    return new Date(this.lastIssued).toISOString();
  }

  /**
   * When the search-parameter table indexes something new, rebuild every index row from the
   * current versions, once, in one transaction. Reading every resource is deliberate here.
   */
  private reindexIfDefinitionsChanged(): void {
    const signature = indexSignature(searchableResourceTypes);
    const stored = this.fixed.readMeta.get('search-index-signature') as { value: string } | undefined;
    if (stored?.value === signature) return;
    this.db
      .transaction(() => {
        this.db.exec('DELETE FROM search_tokens; DELETE FROM search_references;');
        // Pages by key: better-sqlite3 cannot write while a statement is still iterating.
        const batch = this.fixed.reindexBatch;
        let after: [string, string] = ['', ''];
        for (let rows = batch.all(...after) as ReindexRow[]; rows.length > 0; rows = batch.all(...after) as ReindexRow[]) {
          for (const row of rows) {
            const json = this.codec.decode(row);
            if (json !== undefined) this.insertIndexRows(row.type, row.id, JSON.parse(json) as Resource);
          }
          const last = rows[rows.length - 1];
          if (last !== undefined) after = [last.type, last.id];
        }
        this.fixed.writeMeta.run('search-index-signature', signature);
        this.cache.clear();
      })
      .immediate();
  }
}

/** Opens (creating and migrating when needed) the SQLite store in `file`. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<ServerStore> {
  const db = openDatabase(options.file, options.cacheKiB);
  const auditFile = auditFileOf(options.file);
  let auditDb: Database | undefined;
  try {
    applyMigrations(db, migrations.filter((step) => step.version <= LAST_STEP_WITH_AUDIT_TABLES));
    auditDb = openDatabase(auditFile, AUDIT_READER_CACHE_KIB);
    applyMigrations(auditDb, auditMigrations);
    moveAuditTrail(db, auditDb);
    applyMigrations(db);
    const store = new SqliteStore(
      db,
      auditDb,
      auditFile,
      new WalSync(`${options.file}-wal`, options.syncFile),
      options.idempotencyRetentionMs ?? DAY_MS,
      options.now ?? (() => new Date()),
      options.readCache ?? defaultReadCacheOptions,
      options.jtiToleranceSeconds ?? DEFAULT_JTI_TOLERANCE_SECONDS,
    );
    if (options.backgroundCheckpoint === true) await store.checkpointInBackground(options.file);
    return store;
  } catch (error) {
    db.close();
    auditDb?.close();
    throw error;
  }
}
