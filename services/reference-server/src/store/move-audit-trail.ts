import type { Database } from 'better-sqlite3';

interface LegacyRow {
  readonly seq: number;
  readonly id: string;
  readonly lastUpdated: string;
  readonly json: string;
}

const BATCH = 500;

/**
 * Copies the events a database kept in its own `audit_events` table (migration 3) into the audit
 * file, oldest first, before migration 4 drops that table. Copying again after a crash between
 * the two is harmless: an event already there (same id) is skipped. The index rows are left to
 * `AuditLog.reindexIfChanged`, which this makes due by forgetting the index signature.
 */
export function moveAuditTrail(from: Database, to: Database): number {
  const hasTable = from.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").get() !== undefined;
  if (!hasTable) return 0;
  const batch = from.prepare<[number], LegacyRow>(`SELECT seq, id, last_updated AS lastUpdated, json FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${BATCH}`);
  const insert = to.prepare<[string, string, string]>('INSERT OR IGNORE INTO audit_events (id, last_updated, body) VALUES (?, ?, ?)');
  let moved = 0;
  to.transaction(() => {
    let after = 0;
    for (let rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
      for (const row of rows) moved += insert.run(row.id, row.lastUpdated, row.json).changes;
      after = rows[rows.length - 1]?.seq ?? after;
    }
    to.exec("DELETE FROM audit_meta WHERE name = 'index-signature'");
  }).immediate();
  return moved;
}
