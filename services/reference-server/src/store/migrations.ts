import type { Database } from 'better-sqlite3';

/**
 * The schema, as numbered steps. A step is never edited once released: a change is a new step,
 * so every database, however old, reaches the same shape by replaying what it has not seen yet.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'resource versions, current pointer and search indexes',
    sql: `
      CREATE TABLE resource_versions (
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        last_updated TEXT NOT NULL,
        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        json TEXT CHECK ((deleted = 1) = (json IS NULL)),
        PRIMARY KEY (resource_type, id, version)
      );
      -- Type history pages newest first through this index.
      CREATE INDEX resource_versions_by_time ON resource_versions (resource_type, last_updated, id, version);

      CREATE TABLE current_resources (
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        last_updated TEXT NOT NULL,
        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        PRIMARY KEY (resource_type, id),
        FOREIGN KEY (resource_type, id, version) REFERENCES resource_versions (resource_type, id, version)
      ) WITHOUT ROWID;
      -- Searches without a selective condition walk live resources in result order.
      CREATE INDEX current_live_by_time ON current_resources (resource_type, last_updated, id) WHERE deleted = 0;

      -- Token values (codes, identifiers); an absent system is stored as '' so '|code' is an equality.
      CREATE TABLE search_tokens (
        resource_type TEXT NOT NULL,
        param TEXT NOT NULL,
        code TEXT NOT NULL,
        system TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (resource_type, param, code, system, id),
        FOREIGN KEY (resource_type, id) REFERENCES current_resources (resource_type, id)
      ) WITHOUT ROWID;
      -- Removes a resource's rows on write, and answers "does this resource have token X" probes.
      CREATE INDEX search_tokens_by_resource ON search_tokens (resource_type, id, param, code, system);

      CREATE TABLE search_references (
        resource_type TEXT NOT NULL,
        param TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (resource_type, param, target_type, target_id, id),
        FOREIGN KEY (resource_type, id) REFERENCES current_resources (resource_type, id)
      ) WITHOUT ROWID;
      CREATE INDEX search_references_by_resource ON search_references (resource_type, id, param, target_type, target_id);

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

      CREATE TABLE store_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Signs paging cursors; kept in the file so cursors survive a restart.
      INSERT INTO store_meta (name, value) VALUES ('cursor-key', lower(hex(randomblob(32))));
    `,
  },
  {
    version: 2,
    name: 'notification outbox and used client-assertion ids',
    sql: `
      -- One notification for one LHCRE (sharing/outbox.ts). AUTOINCREMENT: a sequence is never
      -- reused, so "every earlier item" keeps meaning the same rows however the table changes.
      CREATE TABLE outbox (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        lhcre_client_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('record-changed', 'withdrawn')),
        nhs_number TEXT NOT NULL,
        resources TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'abandoned')),
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        finished_at INTEGER,
        CHECK ((state = 'pending') = (finished_at IS NULL))
      );
      -- due(): walks pending rows in order and stops at its limit. Partial, so delivered and
      -- abandoned rows (nearly all of them, in time) cost it nothing.
      CREATE INDEX outbox_pending_in_order ON outbox (sequence) WHERE state = 'pending';
      -- due(): "is an earlier row for this LHCRE and patient still pending?" is one probe.
      CREATE INDEX outbox_pending_by_patient ON outbox (lhcre_client_id, nhs_number, sequence) WHERE state = 'pending';
      -- outboxRecords() filtered by patient, or by LHCRE (the status page).
      CREATE INDEX outbox_by_patient ON outbox (nhs_number, lhcre_client_id, sequence);
      CREATE INDEX outbox_by_lhcre ON outbox (lhcre_client_id, sequence);

      -- Client-assertion ids already accepted, until the assertion could no longer be (exp plus
      -- the clock tolerance, epoch seconds), so a replay is refused across restarts too.
      CREATE TABLE used_jti (
        issuer TEXT NOT NULL,
        jti TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (issuer, jti)
      ) WITHOUT ROWID;
      CREATE INDEX used_jti_by_expiry ON used_jti (expires_at);
    `,
  },
  {
    version: 3,
    name: 'the audit trail as its own append-only log',
    sql: `
      -- AuditEvents are written once and never changed, one (or two) for every request: the
      -- versioned resource tables and their two-index search tables cost a read several times
      -- what the read itself costs. Here an event is one row appended to a rowid table and a
      -- handful of rows in one index table whose keys end in the ever-growing sequence number.
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE UNIQUE INDEX audit_events_by_id ON audit_events (id);
      CREATE INDEX audit_events_by_time ON audit_events (last_updated, seq);
      -- (param, value): 'patient' 'Patient/1'; 'agent' 'system|code' and 'agent:code' 'code';
      -- 'patient:identifier' likewise; 'entity' 'Flag/2'.
      CREATE TABLE audit_index (
        param TEXT NOT NULL,
        value TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (param, value, seq)
      ) WITHOUT ROWID;

      -- Events written before this step move over; their index rows are rebuilt on open.
      INSERT INTO audit_events (id, last_updated, json)
        SELECT v.id, v.last_updated, v.json FROM resource_versions v
        WHERE v.resource_type = 'AuditEvent' AND v.deleted = 0 ORDER BY v.last_updated, v.id;
      DELETE FROM search_tokens WHERE resource_type = 'AuditEvent';
      DELETE FROM search_references WHERE resource_type = 'AuditEvent';
      DELETE FROM current_resources WHERE resource_type = 'AuditEvent';
      DELETE FROM resource_versions WHERE resource_type = 'AuditEvent';
      DELETE FROM store_meta WHERE name = 'search-index-signature';
    `,
  },
  {
    version: 4,
    name: 'the audit trail moves to its own file',
    sql: `
      -- The store copies every event into the audit file (audit-schema.ts) before this step runs,
      -- so dropping the tables here loses nothing.
      DROP TABLE audit_index;
      DROP TABLE audit_events;
    `,
  },
  {
    version: 5,
    name: 'search index rows kept once, keyed for both searching and probing',
    sql: `
      -- Every index row was also kept in a per-resource index, for the correlated probes of a
      -- search and for removing a resource's rows when it changes. Each was one more b-tree per
      -- row written, and its pages one more set written to the log at every commit: about a
      -- sixth of a write. Probes now look rows up by primary key (a token's id comes before its
      -- system, so a code given without a system is one lookup too), and a changed resource's
      -- rows are found from its previous version.
      DROP INDEX search_tokens_by_resource;
      DROP INDEX search_references_by_resource;
      CREATE TABLE search_tokens_by_code (
        resource_type TEXT NOT NULL,
        param TEXT NOT NULL,
        code TEXT NOT NULL,
        id TEXT NOT NULL,
        system TEXT NOT NULL,
        PRIMARY KEY (resource_type, param, code, id, system),
        FOREIGN KEY (resource_type, id) REFERENCES current_resources (resource_type, id)
      ) WITHOUT ROWID;
      INSERT INTO search_tokens_by_code (resource_type, param, code, id, system)
        SELECT resource_type, param, code, id, system FROM search_tokens ORDER BY resource_type, param, code, id, system;
      DROP TABLE search_tokens;
      ALTER TABLE search_tokens_by_code RENAME TO search_tokens;
    `,
  },
  {
    version: 6,
    name: 'searches by time alone walk the version index',
    sql: `
      -- Searches with only _lastUpdated to go on walk resource_versions_by_time instead
      -- (search-sql.ts): one b-tree fewer for every resource written.
      DROP INDEX current_live_by_time;
    `,
  },
  {
    version: 7,
    name: 'resource versions stored deflated against a dictionary per resource type',
    sql: `
      -- Preset dictionaries for raw deflate (resource-json.ts). A row is never changed or removed:
      -- versions compressed against it need its exact bytes for as long as they exist.
      CREATE TABLE resource_dictionaries (
        id INTEGER PRIMARY KEY,
        resource_type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        UNIQUE (resource_type, bytes)
      );
      -- json stays JSON text in the rows already written; a new version's json is a blob deflated
      -- against the dictionary named here, or text when its type has no dictionary.
      ALTER TABLE resource_versions ADD COLUMN dictionary INTEGER REFERENCES resource_dictionaries (id)
        CHECK ((dictionary IS NULL) = (json IS NULL OR typeof(json) = 'text'));
    `,
  },
];

/** The last step that still keeps the audit trail in this file; the store moves it out after it. */
export const LAST_STEP_WITH_AUDIT_TABLES = 3;

/**
 * Applies the steps the database has not recorded, each in its own immediate transaction, so
 * two processes opening the same new file cannot both apply a step.
 */
export function applyMigrations(db: Database, steps: readonly Migration[] = migrations): readonly number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const isApplied = db.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?');
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const step of [...steps].sort((a, b) => a.version - b.version)) {
    const apply = db.transaction(() => {
      if (isApplied.get(step.version) !== undefined) return false;
      db.exec(step.sql);
      record.run(step.version, step.name, new Date().toISOString());
      return true;
    });
    if (apply.immediate()) applied.push(step.version);
  }
  return applied;
}
