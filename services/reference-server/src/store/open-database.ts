import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

/** SQLite's page cache per connection: 64 MiB keeps a busy store's upper index pages in memory. */
const DEFAULT_CACHE_KIB = 65_536;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the database file with the settings durability depends on: WAL so readers never block
 * the writer, and `synchronous=FULL` so a commit is fsync'd before it is acknowledged (WAL's
 * default NORMAL may lose the last commits on power loss).
 */
export function openDatabase(file: string, cacheKiB = DEFAULT_CACHE_KIB): SqliteDatabase {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma(`cache_size = -${Math.max(1024, Math.floor(cacheKiB))}`);
    // Each transaction in a group commit is a savepoint, and a savepoint journals the pages it
    // changes so it can roll back alone: in memory, not in a temporary file written page by page.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
