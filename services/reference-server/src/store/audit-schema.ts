import { basename, dirname, extname, join } from 'node:path';
import type { Migration } from './migrations.js';

/**
 * The audit trail's own file, beside the resource database (`raflag.db` → `raflag.audit.db`).
 * It has a writer of its own, a worker thread (audit-writer.ts), so appending an event for every
 * request never waits for, or holds up, the resource database's write lock.
 */
export function auditFileOf(databaseFile: string): string {
  const extension = extname(databaseFile);
  return join(dirname(databaseFile), `${basename(databaseFile, extension)}.audit${extension === '' ? '.db' : extension}`);
}

/** What `audit_events.body` holds (migration 2): the AuditEvent itself, or the facts of a REST request's event (audit-event.ts). */
export const AUDIT_FORMAT = { event: 0, rest: 1 } as const;
export type AuditFormat = (typeof AUDIT_FORMAT)[keyof typeof AUDIT_FORMAT];

/** The audit file's schema, numbered independently of the resource database's. */
export const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'the audit trail as an append-only log',
    sql: `
      -- Events of one shape differ in a few ids and instants, so each is stored deflated against
      -- a dictionary, an earlier event kept here (about 4.8 kB of JSON becomes about 100 bytes):
      -- the writer makes one from the first event it appends after it starts.
      CREATE TABLE audit_dictionaries (
        id INTEGER PRIMARY KEY,
        bytes BLOB NOT NULL
      );
      -- AuditEvents are written once and never changed: one row each, appended in sequence.
      -- body: the JSON as text when dictionary is NULL, else raw deflate against that dictionary.
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        dictionary INTEGER REFERENCES audit_dictionaries (id),
        body BLOB NOT NULL
      );
      CREATE UNIQUE INDEX audit_events_by_id ON audit_events (id);
      CREATE INDEX audit_events_by_time ON audit_events (last_updated, seq);
      -- (param, value): 'patient' 'Patient/1'; 'agent' 'system|code' and 'agent:code' 'code';
      -- 'patient:identifier' likewise; 'entity' 'Flag/2'. Keys end in the ever-growing sequence
      -- number, so an append touches the end of each key's run, never the middle.
      CREATE TABLE audit_index (
        param TEXT NOT NULL,
        value TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (param, value, seq)
      ) WITHOUT ROWID;
      -- 'index-signature': which search-parameter table the index rows were built from.
      CREATE TABLE audit_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'REST events kept as their facts',
    sql: `
      -- What body holds once inflated: 0, the AuditEvent's JSON; 1, the facts of a REST request's
      -- event (RestAuditRecord), which reads render as the AuditEvent. Rows already written are 0.
      ALTER TABLE audit_events ADD COLUMN format INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'index rows written after their events',
    sql: `
      -- 'indexed-through': every event up to this sequence number has its index rows. The writer
      -- writes them for many events at once, after the events themselves (audit-writer.ts); what
      -- a crash leaves beyond this mark is indexed on the next open. Events already here have theirs.
      INSERT INTO audit_meta (name, value) SELECT 'indexed-through', coalesce(max(seq), 0) FROM audit_events;
    `,
  },
];
