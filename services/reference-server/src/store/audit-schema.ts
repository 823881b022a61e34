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

/** The audit file's schema, numbered independently of the resource database's. */
export const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'the audit trail as an append-only log',
    sql: `
      -- AuditEvents are written once and never changed: one row each, appended in sequence.
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        json TEXT NOT NULL
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
];
