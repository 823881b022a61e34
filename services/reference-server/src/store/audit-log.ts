import { inflateRawSync } from 'node:zlib';
import type { Database, Statement } from 'better-sqlite3';
import type { AuditEvent, Resource } from 'fhir/r4.js';
import { restAuditEventOf, type RestAuditRecord } from '../audit/audit-event.js';
import { AUDIT_EVENT, auditIndexRows, storedAuditEvent } from './audit-rows.js';
import { AUDIT_FORMAT } from './audit-schema.js';
import { instantRange, lastUpdatedTest } from './last-updated-range.js';
import { UnsupportedSearchParameterError } from './store-errors.js';
import type { SearchCondition, SearchQuery, StoredVersion } from './store.js';

type SqlValue = string | number;

interface StoredAuditRow {
  readonly seq: number;
  readonly id: string;
  readonly lastUpdated: string;
  readonly format: number;
  readonly dictionary: number | null;
  readonly body: string | Buffer;
}

/** The columns of a StoredAuditRow, from `audit_events` under `alias` when a query joins it. */
const rowColumns = (alias = 'audit_events'): string =>
  `${alias}.seq AS seq, ${alias}.id AS id, ${alias}.last_updated AS lastUpdated, ${alias}.format AS format, ${alias}.dictionary AS dictionary, ${alias}.body AS body`;
const ROW_COLUMNS = rowColumns();

/** Each alternative of a condition as (param, value) rows of the index. */
function alternatives(condition: SearchCondition): { param: string; value: string }[] {
  switch (condition.kind) {
    case 'reference':
      return condition.values.map((v) => ({ param: condition.param, value: `${v.type}/${v.id}` }));
    case 'token':
      return condition.values.map((v) => (v.system === undefined ? { param: `${condition.param}:code`, value: v.code } : { param: condition.param, value: `${v.system}|${v.code}` }));
    case 'identifier': {
      // `patient:identifier` matches the NHS number the event itself recorded.
      const param = `${condition.param}:identifier`;
      return condition.values.map((v) => (v.system === undefined ? { param: `${param}:code`, value: v.value } : { param, value: `${v.system}|${v.value}` }));
    }
    default:
      return [];
  }
}

export interface Fragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** The conditions that filter rows already found: dates, ids, and index probes for the rest. */
function filtersOf(conditions: readonly SearchCondition[]): Fragment[] {
  const where: Fragment[] = [];
  for (const condition of conditions) {
    if (condition.kind === 'lastUpdated') {
      where.push(lastUpdatedTest('e.last_updated', condition.prefix, instantRange(condition.instant)));
    } else if (condition.kind === 'id') {
      where.push({ sql: `e.id IN (${condition.values.map(() => '?').join(', ')})`, params: condition.values });
    } else {
      const rows = indexRowsFor(condition);
      // Each alternative is one primary-key probe of the index table.
      const probes = rows.map(() => 'EXISTS (SELECT 1 FROM audit_index i WHERE i.param = ? AND i.value = ? AND i.seq = e.seq)');
      where.push({ sql: `(${probes.join(' OR ')})`, params: rows.flatMap((row) => [row.param, row.value]) });
    }
  }
  return where;
}

function indexRowsFor(condition: SearchCondition): { param: string; value: string }[] {
  const rows = alternatives(condition);
  if (rows.length === 0) throw new UnsupportedSearchParameterError(AUDIT_EVENT, 'param' in condition ? condition.param : condition.kind);
  return rows;
}

/** One page of a search (`direction`, the last sequence number already seen, how many), or its count. */
export type AuditPage = { readonly direction: 'asc' | 'desc'; readonly after: number | undefined; readonly limit: number } | 'count';

/**
 * The SQL of a search of the trail. The first condition the index answers drives it: with one
 * value, the walk goes down that value's run of the index in sequence order, so a page reads
 * only its own rows however long the trail is; with several, their sequence numbers are gathered
 * from the index first. The other conditions filter what the driver found. Without any indexed
 * condition the walk goes down the log itself (by id, or newest first for a date range).
 */
export function auditSearchSql(conditions: readonly SearchCondition[], page: AuditPage): Fragment {
  const driver = conditions.find((condition) => condition.kind !== 'lastUpdated' && condition.kind !== 'id');
  const where = filtersOf(conditions.filter((condition) => condition !== driver));
  let from = 'audit_events e';
  let key = 'e.seq';
  if (driver !== undefined) {
    const rows = indexRowsFor(driver);
    const [only] = rows;
    if (rows.length === 1 && only !== undefined) {
      // CROSS JOIN keeps the index as the outer loop.
      from = 'audit_index d CROSS JOIN audit_events e ON e.seq = d.seq';
      key = 'd.seq';
      where.unshift({ sql: 'd.param = ? AND d.value = ?', params: [only.param, only.value] });
    } else {
      const any = rows.map(() => '(i.param = ? AND i.value = ?)').join(' OR ');
      where.unshift({ sql: `e.seq IN (SELECT i.seq FROM audit_index i WHERE ${any})`, params: rows.flatMap((row) => [row.param, row.value]) });
    }
  }
  if (page !== 'count' && page.after !== undefined) where.push({ sql: `${key} ${page.direction === 'asc' ? '>' : '<'} ?`, params: [page.after] });
  const filter = where.length === 0 ? '' : `WHERE ${where.map((w) => w.sql).join(' AND ')}`;
  const params = where.flatMap((w) => w.params);
  if (page === 'count') return { sql: `SELECT count(*) AS total FROM ${from} ${filter}`, params };
  return { sql: `SELECT ${rowColumns('e')} FROM ${from} ${filter} ORDER BY ${key} ${page.direction.toUpperCase()} LIMIT ?`, params: [...params, page.limit] };
}

/**
 * The audit trail's read side, on the main thread's own connection to the audit file
 * (audit-schema.ts); the worker in audit-writer.ts appends. Searches answer the same parameters
 * the search table defines for AuditEvent (patient, patient:identifier, agent, entity,
 * date / _lastUpdated, _id), newest first, with the sequence number as the paging key.
 */
export class AuditLog {
  private readonly insertIndex: Statement<[string, string, number]>;
  private readonly byId: Statement<[string]>;
  private readonly dictionaryById: Statement<[number]>;
  /** Prepared once: a search with no writer running asks `indexTail` first, every time. */
  private readonly indexedThrough: Statement<[]>;
  private readonly writeIndexedThrough: Statement<[string]>;
  private readonly lastSeq: Statement<[]>;
  /** Dictionaries are few (one per writer start) and never change, so they are kept once read. */
  private readonly dictionaries = new Map<number, Buffer>();
  private readonly statements = new Map<string, Statement<SqlValue[]>>();

  constructor(private readonly db: Database) {
    this.insertIndex = db.prepare('INSERT OR IGNORE INTO audit_index (param, value, seq) VALUES (?, ?, ?)');
    this.byId = db.prepare(`SELECT ${ROW_COLUMNS} FROM audit_events WHERE id = ?`);
    this.dictionaryById = db.prepare('SELECT bytes FROM audit_dictionaries WHERE id = ?');
    this.indexedThrough = db.prepare("SELECT value FROM audit_meta WHERE name = 'indexed-through'");
    this.writeIndexedThrough = db.prepare("INSERT OR REPLACE INTO audit_meta (name, value) VALUES ('indexed-through', ?)");
    this.lastSeq = db.prepare('SELECT max(seq) AS last FROM audit_events');
  }

  read(id: string): StoredVersion | undefined {
    const row = this.byId.get(id) as StoredAuditRow | undefined;
    return row === undefined ? undefined : this.toVersion(row);
  }

  /** One page, newest first unless sorted by `_lastUpdated`; `after` is the last sequence number already seen. */
  page(query: Pick<SearchQuery, 'conditions' | 'sort'>, direction: 'asc' | 'desc', after: number | undefined, limit: number): { rows: StoredVersion[]; keys: number[] } {
    const search = auditSearchSql(query.conditions, { direction, after, limit });
    const rows = this.statement(search.sql).all(...search.params) as StoredAuditRow[];
    return { rows: rows.map((row) => this.toVersion(row)), keys: rows.map((row) => row.seq) };
  }

  count(conditions: readonly SearchCondition[]): number {
    const search = auditSearchSql(conditions, 'count');
    const row = this.statement(search.sql).get(...search.params) as { total: number };
    return row.total;
  }

  /**
   * Rebuilds every index row from the events when the search-parameter table they were made from
   * has changed (or events arrived without them), once, at open, before the writer starts.
   */
  reindexIfChanged(signature: string): void {
    const stored = this.db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE name = 'index-signature'").get();
    if (stored?.value === signature) return;
    this.db
      .transaction(() => {
        this.db.exec('DELETE FROM audit_index');
        this.indexAfter(0);
        this.db.prepare("INSERT OR REPLACE INTO audit_meta (name, value) VALUES ('index-signature', ?)").run(signature);
      })
      .immediate();
  }

  /**
   * Writes the index rows of the events committed after `indexed-through` (a writer that stopped
   * without writing them: the process died), so searches find them. Only while no writer runs.
   * Returns how many events it indexed.
   */
  indexTail(): number {
    // Nearly always there is nothing to do, and finding that out takes no write lock.
    if (this.through() >= this.last()) return 0;
    return this.db.transaction(() => this.indexAfter(this.through())).immediate();
  }

  private through(): number {
    const row = this.indexedThrough.get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  }

  private last(): number {
    const row = this.lastSeq.get() as { last: number | null } | undefined;
    return row?.last ?? 0;
  }

  /** Index rows for every event after `seq`, and `indexed-through` moved to the last of them. */
  private indexAfter(seq: number): number {
    const batch = this.db.prepare<[number], StoredAuditRow>(`SELECT ${ROW_COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 500`);
    let after = seq;
    let indexed = 0;
    for (let rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
      for (const row of rows) for (const [param, value] of auditIndexRows(this.eventOf(row))) this.insertIndex.run(param, value, row.seq);
      indexed += rows.length;
      after = rows[rows.length - 1]?.seq ?? after;
    }
    if (after !== seq) this.writeIndexedThrough.run(String(after));
    return indexed;
  }

  private statement(sql: string): Statement<SqlValue[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<SqlValue[]>(sql);
      if (this.statements.size < 256) this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The event as reads return it, with its id and meta. */
  private eventOf(row: StoredAuditRow): Resource {
    const json = row.dictionary === null ? (typeof row.body === 'string' ? row.body : row.body.toString('utf8')) : inflateRawSync(row.body, { dictionary: this.dictionary(row.dictionary) }).toString('utf8');
    if (row.format === AUDIT_FORMAT.event) return JSON.parse(json) as AuditEvent;
    if (row.format === AUDIT_FORMAT.rest) return storedAuditEvent(restAuditEventOf(JSON.parse(json) as RestAuditRecord), row.id, row.lastUpdated);
    throw new Error(`audit event ${row.id} is stored in format ${row.format}, which this version cannot read`);
  }

  private dictionary(id: number): Buffer {
    let bytes = this.dictionaries.get(id);
    if (bytes === undefined) {
      const row = this.dictionaryById.get(id) as { bytes: Buffer } | undefined;
      if (row === undefined) throw new Error(`the audit file has no dictionary ${id}`);
      bytes = row.bytes;
      this.dictionaries.set(id, bytes);
    }
    return bytes;
  }

  private toVersion(row: StoredAuditRow): StoredVersion {
    return { resourceType: AUDIT_EVENT, id: row.id, versionId: 1, lastUpdated: row.lastUpdated, deleted: false, resource: this.eventOf(row) };
  }
}
