import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions } from '../sqlite-store.js';
import type { ServerStore } from '../store.js';

/** A real SQLite file in a fresh temp directory, and a way to remove it. */
export interface TempStore {
  readonly dir: string;
  readonly file: string;
  store: ServerStore;
  reopen(options?: Omit<SqliteStoreOptions, 'file'>): Promise<ServerStore>;
  cleanup(): Promise<void>;
}

export async function openTempStore(options: Omit<SqliteStoreOptions, 'file'> = {}): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-store-'));
  const file = join(dir, 'raflag.sqlite');
  const temp: TempStore = {
    dir,
    file,
    store: await openSqliteStore({ ...options, file }),
    async reopen(again = options) {
      await temp.store.close();
      temp.store = await openSqliteStore({ ...again, file });
      return temp.store;
    },
    async cleanup() {
      await temp.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** A clock the test moves by hand, one millisecond per tick unless told otherwise. */
export function manualClock(start = '2026-11-26T12:00:00.000Z'): { now: () => Date; advance(ms?: number): void; set(instant: string): void } {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance(ms = 1) {
      current += ms;
    },
    set(instant) {
      current = Date.parse(instant);
    },
  };
}
