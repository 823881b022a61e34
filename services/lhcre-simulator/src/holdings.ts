import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';

/** One patient's record as this LHCRE holds it. */
export interface Holding {
  readonly nhsNumber: string;
  /** The record as `@raflag/client`'s `getRecord` returned it (an `RaRecord`), serialised. */
  readonly record: unknown;
  readonly pulledAt: string;
  /** The notification that caused the last pull. */
  readonly notificationId: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS holdings (
    nhs_number TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    pulled_at TEXT NOT NULL,
    notification_id TEXT NOT NULL
  ) WITHOUT ROWID;
  -- Each notification acted on once: a redelivery of the same id is acknowledged and ignored.
  CREATE TABLE IF NOT EXISTS seen_notifications (
    id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * The simulator's own copy of what it was sent, in its own SQLite file: what a regional shared
 * care record keeps, and what it must forget when consent is withdrawn.
 */
export class Holdings {
  private readonly db: SqliteDatabase;
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly markSeen: Statement<[string, string, string]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.upsert = this.db.prepare(
      'INSERT INTO holdings (nhs_number, record, pulled_at, notification_id) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (nhs_number) DO UPDATE SET record = excluded.record, pulled_at = excluded.pulled_at, notification_id = excluded.notification_id',
    );
    this.remove = this.db.prepare('DELETE FROM holdings WHERE nhs_number = ?');
    this.markSeen = this.db.prepare('INSERT OR IGNORE INTO seen_notifications (id, event, received_at) VALUES (?, ?, ?)');
  }

  /** True the first time a notification id is seen. */
  firstSight(id: string, event: string, at: Date): boolean {
    return this.markSeen.run(id, event, at.toISOString()).changes === 1;
  }

  /** Lets a notification be processed again (its pull failed and the server will retry). */
  forget(id: string): void {
    this.db.prepare('DELETE FROM seen_notifications WHERE id = ?').run(id);
  }

  keep(nhsNumber: string, record: unknown, notificationId: string, at: Date): void {
    this.upsert.run(nhsNumber, JSON.stringify(record), at.toISOString(), notificationId);
  }

  purge(nhsNumber: string): boolean {
    return this.remove.run(nhsNumber).changes > 0;
  }

  list(): Holding[] {
    const rows = this.db.prepare('SELECT nhs_number AS nhsNumber, record, pulled_at AS pulledAt, notification_id AS notificationId FROM holdings ORDER BY nhs_number').all() as {
      nhsNumber: string;
      record: string;
      pulledAt: string;
      notificationId: string;
    }[];
    return rows.map((row) => ({ ...row, record: JSON.parse(row.record) as unknown }));
  }

  get(nhsNumber: string): Holding | undefined {
    return this.list().find((holding) => holding.nhsNumber === nhsNumber);
  }

  notificationsSeen(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM seen_notifications').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
