import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';

export interface TempStore {
  readonly store: Store;
  readonly dir: string;
  readonly file: string;
  dispose(): Promise<void>;
}

/** A real SQLite store in a fresh temp directory; `dispose` closes it and removes the directory. */
export async function openTempStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-bundle-'));
  const file = join(dir, 'raflag.db');
  const store = await openSqliteStore({ file });
  return {
    store,
    dir,
    file,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
