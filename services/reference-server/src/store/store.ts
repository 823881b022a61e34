import type { AuditEvent, Resource } from 'fhir/r4.js';
import type { RestAuditRecord } from '../audit/audit-event.js';
import type { NewOutboxItem, OutboxItem, OutboxPort, OutboxRecord } from '../sharing/outbox.js';
import type { JtiCache } from '../auth/jti-cache.js';

/**
 * The one seam between the server and its storage. The SQLite adapter is the default; a
 * PostgreSQL adapter will implement the same interface. No storage code lives outside adapters.
 *
 * Versions are integers starting at 1. A delete writes a new version that is a tombstone, so
 * history keeps it and a later read can answer 410 Gone.
 */
export interface StoredVersion {
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: number;
  /** FHIR instant with milliseconds, UTC (`2026-11-26T12:00:00.000Z`). */
  readonly lastUpdated: string;
  /** True for the version a delete wrote; `resource` is then undefined. */
  readonly deleted: boolean;
  /** The resource with `id` and `meta.versionId` / `meta.lastUpdated` filled in by the store. */
  readonly resource: Resource | undefined;
}

/** Why a conditional write did not happen; the HTTP layer maps each to its status code. */
export type WriteRefusal =
  | { readonly kind: 'version-conflict'; readonly currentVersionId: number | undefined } // If-Match stale → 412
  | { readonly kind: 'not-found' } // update/delete of an id that never existed
  | { readonly kind: 'gone'; readonly versionId: number } // already deleted
  | { readonly kind: 'multiple-matches'; readonly count: number }; // If-None-Exist matched more than one → 412

export type WriteResult =
  | { readonly ok: true; readonly version: StoredVersion; readonly created: boolean; readonly existing?: false }
  /** If-None-Exist matched exactly one resource: nothing was written, this is the match. */
  | { readonly ok: true; readonly version: StoredVersion; readonly created: false; readonly existing: true }
  | { readonly ok: false; readonly refusal: WriteRefusal };

/** One search parameter condition, already parsed and typed by the HTTP layer. */
export type SearchCondition =
  | { readonly kind: 'token'; readonly param: string; readonly values: readonly { readonly system?: string | undefined; readonly code: string }[] }
  | { readonly kind: 'reference'; readonly param: string; readonly values: readonly { readonly type: string; readonly id: string }[] }
  /** `patient:identifier=system|value` / `identifier=` style lookups through the Patient's identifiers. */
  | { readonly kind: 'identifier'; readonly param: string; readonly values: readonly { readonly system?: string | undefined; readonly value: string }[] }
  | { readonly kind: 'id'; readonly values: readonly string[] }
  | { readonly kind: 'lastUpdated'; readonly prefix: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; readonly instant: string };

/**
 * The version with another view of its resource (a trimmed one). Spelled out member by member:
 * `{ ...version, resource }` costs microseconds on this Node, and reads make one per entry.
 */
export function withResource(version: StoredVersion, resource: Resource | undefined): StoredVersion {
  return { resourceType: version.resourceType, id: version.id, versionId: version.versionId, lastUpdated: version.lastUpdated, deleted: version.deleted, resource };
}

export interface SearchQuery {
  readonly resourceType: string;
  /** All conditions must hold (AND); values inside one condition are alternatives (OR). */
  readonly conditions: readonly SearchCondition[];
  readonly sort: 'lastUpdated' | '-lastUpdated';
  readonly count: number;
  /** Opaque cursor from a previous page's `next`/`previous`; undefined for the first page. */
  readonly cursor?: string | undefined;
}

export interface SearchPage {
  readonly matches: readonly StoredVersion[];
  readonly next?: string | undefined;
  readonly previous?: string | undefined;
}

export interface HistoryQuery {
  readonly resourceType: string;
  /** Instance history when set, type history otherwise. */
  readonly id?: string | undefined;
  readonly count: number;
  readonly cursor?: string | undefined;
}

export interface WriteOptions {
  /** Required current version for update/delete (the HTTP layer enforces presence: 428). */
  readonly ifMatch?: number | undefined;
}

export interface CreateOptions {
  /** Conditional create: the search that must match nothing (or exactly one: returned, not written). */
  readonly ifNoneExist?: SearchQuery | undefined;
}

/** Reads and writes inside one atomic, durable transaction. */
export interface StoreTransaction {
  read(resourceType: string, id: string): StoredVersion | undefined;
  /** `resource.id` is ignored; the store assigns a new id (UUID). */
  create(resource: Resource, options?: CreateOptions): WriteResult;
  /** Update, or create with the client's id when it does not exist yet (update-as-create). */
  update(resource: Resource & { id: string }, options?: WriteOptions): WriteResult;
  delete(resourceType: string, id: string, options?: WriteOptions): WriteResult;
  search(query: SearchQuery): SearchPage;
  /**
   * Queues a notification in the same transaction as the write it announces: both commit, or
   * neither does (a `work` that throws after this leaves no outbox row). `nextAttemptAt` defaults
   * to the store's clock now; the store assigns `sequence` and starts `attempts` at 0.
   */
  addOutbox(item: NewOutboxItem): OutboxItem;
}

/** Narrows `Store.outboxRecords`; both set means both must match. */
export interface OutboxRecordFilter {
  readonly lhcreClientId?: string | undefined;
  readonly nhsNumber?: string | undefined;
}

export interface IdempotentResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Store {
  read(resourceType: string, id: string): Promise<StoredVersion | undefined>;
  vread(resourceType: string, id: string, versionId: number): Promise<StoredVersion | undefined>;
  search(query: SearchQuery): Promise<SearchPage>;
  /** How many resources match (for `_summary=count`), without loading them. */
  count(query: Omit<SearchQuery, 'count' | 'cursor' | 'sort'>): Promise<number>;
  history(query: HistoryQuery): Promise<SearchPage>;
  /**
   * Runs `work` atomically: every write in it commits together (fsync'd) or none does. `work` is
   * synchronous so that no other request interleaves; throwing from it rolls everything back.
   */
  transaction<T>(work: (tx: StoreTransaction) => T): Promise<T>;
  /**
   * The same, keyed by a client's `X-Request-ID`: if the key was already used (within the
   * retention window, at least 24 hours), `work` does not run and the first response is returned;
   * otherwise `work` runs and `toResponse(result)` is stored under the key in the same transaction,
   * so a retry can never write twice, even when both attempts arrive at once.
   */
  idempotentTransaction<T>(
    key: string,
    work: (tx: StoreTransaction) => T,
    toResponse: (result: T) => IdempotentResponse,
  ): Promise<{ readonly replayed: false; readonly result: T } | { readonly replayed: true; readonly response: IdempotentResponse }>;
  close(): Promise<void>;
}

/**
 * The store the server opens: the `Store` plus what belongs to the server rather than to one
 * request (the notifier's outbox, the client-assertion replay cache). Per-request views of the
 * store (the access-checked one handlers get) implement `Store` only, so a handler cannot reach
 * the outbox or the jti table through them.
 */
export interface ServerStore extends Store, AuditTrail {
  /**
   * The notifier's view of the outbox. Its methods are synchronous: each `mark*` is its own small
   * autocommit write, made outside group commits. They must not be called from inside transaction
   * work (they throw there), so they never join, split or interleave with a group commit.
   */
  outbox(): OutboxPort;
  /** Every outbox row with its delivery state, in sequence order (tests and the status page). */
  outboxRecords(filter?: OutboxRecordFilter): readonly OutboxRecord[];
  /** Single-use client-assertion ids, remembered in the database so a replay fails after a restart too. */
  jtiCache(): JtiCache;
}

/** The audit trail's write side: the audit stage gets this, never a handler. */
export interface AuditTrail {
  /**
   * Appends events to the audit trail (DESIGN decision 10), in order, and resolves once they are
   * committed: then they survive the server process dying, and they reach the disk itself within
   * about a second. No fsync of their own: that would double the cost of every audited read.
   * AuditEvents are never written through `transaction`.
   */
  appendAudit(entries: readonly AuditEntry[]): Promise<AppendedAudit[]>;
}

/**
 * What the audit stage appends: an AuditEvent as it is, or the facts of a REST request's event,
 * which the trail keeps compactly and renders as its AuditEvent when read. Every request that
 * touches patient data writes one of the latter, so that is the form its path pays for.
 */
export type AuditEntry = { readonly event: AuditEvent } | { readonly rest: RestAuditRecord };

/** The id and `meta.lastUpdated` the trail gave an appended event. */
export interface AppendedAudit {
  readonly id: string;
  readonly lastUpdated: string;
}
