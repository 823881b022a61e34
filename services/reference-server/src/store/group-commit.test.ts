import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { patient } from './test-support/sample-resources.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';
import type { WriteResult } from './store.js';
import { datasyncFile } from './wal-sync.js';

function idOf(result: WriteResult): string {
  if (!result.ok) throw new Error(`write refused: ${result.refusal.kind}`);
  return result.version.id;
}

/** What another process would see: a separate connection to the same file. */
function countOnDisk(file: string, resourceType: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM current_resources WHERE resource_type = ?').get(resourceType) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite store: group commit', () => {
  let temp: TempStore;

  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('commits many concurrent transactions, each acknowledged only once it is on disk', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        temp.store.transaction((tx) => {
          const id = idOf(tx.create(patient(String(9000000000 + i))));
          // Visible to another connection the moment this transaction is acknowledged.
          return id;
        }),
      ),
    );
    expect(new Set(results).size).toBe(40);
    expect(countOnDisk(temp.file, 'Patient')).toBe(40);
  });

  it('rolls back only the transaction that failed; the others in the same group commit', async () => {
    const failure = new Error('second one fails after writing');
    const outcomes = await Promise.allSettled([
      temp.store.transaction((tx) => idOf(tx.create(patient('9000000009')))),
      temp.store.transaction((tx) => {
        tx.create(patient('9000000017'));
        tx.create(patient('9000000025'));
        throw failure;
      }),
      temp.store.transaction((tx) => idOf(tx.create(patient('9000000033')))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: failure });
    expect(countOnDisk(temp.file, 'Patient')).toBe(2);
    const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value as string] : []));
    for (const id of ids) expect((await temp.store.read('Patient', id))?.deleted).toBe(false);
  });

  it('a later transaction in a group sees what an earlier one wrote, as if they ran one after another', async () => {
    const [first, second] = await Promise.all([
      temp.store.transaction((tx) => idOf(tx.update({ ...patient('9000000009'), id: 'shared' }))),
      temp.store.transaction((tx) => tx.read('Patient', 'shared')?.versionId),
    ]);
    expect(first).toBe('shared');
    expect(second).toBe(1);
  });

  it('refuses asynchronous work without disturbing the rest of the group', async () => {
    const outcomes = await Promise.allSettled([
      temp.store.transaction(async (tx) => tx.create(patient('9000000009'))),
      temp.store.transaction((tx) => idOf(tx.create(patient('9000000017')))),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'Store transaction work must be synchronous.' }) });
    expect(outcomes[1]?.status).toBe('fulfilled');
    expect(countOnDisk(temp.file, 'Patient')).toBe(1);
  });

  it('finishes work already accepted when the store is closed', async () => {
    const pending = temp.store.transaction((tx) => idOf(tx.create(patient('9000000009'))));
    await temp.store.close();
    await expect(pending).resolves.toMatch(/^[0-9a-f-]{36}$/);
    expect(countOnDisk(temp.file, 'Patient')).toBe(1);
    await expect(temp.store.transaction((tx) => tx.read('Patient', 'x'))).rejects.toThrow('The store is closed.');
  });
});

describe('SQLite store: syncing the write-ahead log', () => {
  it('commits first, syncs the WAL off the event loop, and only then tells the writer', async () => {
    const synced: { file: string; patientsWhenSyncing: number }[] = [];
    let file = '';
    const temp = await openTempStore({
      syncFile: async (wal) => {
        synced.push({ file: wal, patientsWhenSyncing: countOnDisk(file, 'Patient') });
        await datasyncFile(wal);
      },
    });
    file = temp.file;
    try {
      await Promise.all([temp.store.transaction((tx) => tx.create(patient('9000000009'))), temp.store.transaction((tx) => tx.create(patient('9000000017')))]);
      // One group, one sync of the WAL, which already held both commits.
      expect(synced).toEqual([{ file: `${temp.file}-wal`, patientsWhenSyncing: 2 }]);
    } finally {
      await temp.cleanup();
    }
  });

  it('holds work that arrives while a group waits for its sync, then commits all of it as one group', async () => {
    const syncs: { patientsWhenSyncing: number; finish: () => void }[] = [];
    let file = '';
    let released = false;
    const temp = await openTempStore({
      syncFile: async (wal) => {
        const patientsWhenSyncing = countOnDisk(file, 'Patient');
        if (!released) await new Promise<void>((finish) => syncs.push({ patientsWhenSyncing, finish }));
        await datasyncFile(wal);
      },
    });
    file = temp.file;
    const until = async (ready: () => boolean): Promise<void> => {
      for (let wait = 0; wait < 200 && !ready(); wait++) await new Promise((done) => setTimeout(done, 5));
    };
    try {
      const first = temp.store.transaction((tx) => idOf(tx.create(patient('9000000009'))));
      await until(() => syncs.length === 1);
      const later = ['9000000017', '9000000025', '9000000033'].map((nhs) => temp.store.transaction((tx) => idOf(tx.create(patient(nhs)))));
      // Long enough for the event loop to have run a flush many times over.
      await new Promise((done) => setTimeout(done, 50));
      expect(countOnDisk(temp.file, 'Patient')).toBe(1);
      syncs[0]?.finish();
      await expect(first).resolves.toMatch(/^[0-9a-f-]{36}$/);
      await until(() => syncs.length === 2);
      // The three that waited went into one COMMIT, so one sync covers them all.
      expect(syncs.map((sync) => sync.patientsWhenSyncing)).toEqual([1, 4]);
      syncs[1]?.finish();
      expect(new Set(await Promise.all(later)).size).toBe(3);
      expect(syncs).toHaveLength(2);
    } finally {
      released = true;
      for (const sync of syncs) sync.finish();
      await temp.cleanup();
    }
  });

  it('tells no writer its commit is durable when the WAL cannot be synced, and refuses writes from then on', async () => {
    const temp = await openTempStore({ syncFile: () => Promise.reject(new Error('EIO: i/o error, fdatasync')) });
    try {
      await expect(temp.store.transaction((tx) => idOf(tx.create(patient('9000000009'))))).rejects.toThrow(
        "could not flush the database's write-ahead log to disk: EIO: i/o error, fdatasync",
      );
      await expect(temp.store.transaction((tx) => idOf(tx.create(patient('9000000017'))))).rejects.toThrow('could not flush');
      // Reads still answer: the disk may be failing, but what is on it can be shown.
      expect(await temp.store.read('Patient', 'missing')).toBeUndefined();
    } finally {
      await temp.cleanup();
    }
  });
});

describe('SQLite store: background checkpoints', () => {
  it('keeps the WAL from growing without bound while the writer never checkpoints itself', async () => {
    const temp = await openTempStore({ backgroundCheckpoint: true });
    try {
      for (let round = 0; round < 30; round++) {
        await Promise.all(Array.from({ length: 20 }, (_, i) => temp.store.transaction((tx) => tx.create(patient(String(9100000000 + round * 20 + i))))));
      }
      // The writer never checkpoints (wal_autocheckpoint=0), so the database file itself only
      // grows to hold every page if the worker copied the WAL back; it runs every 250 ms.
      const db = new Database(temp.file, { readonly: true });
      try {
        const logicalBytes = (): number => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
        let checkpointed = false;
        for (let attempt = 0; attempt < 50 && !checkpointed; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          checkpointed = statSync(temp.file).size >= logicalBytes();
        }
        expect(checkpointed).toBe(true);
        expect(logicalBytes()).toBeGreaterThan(100 * 4096);
      } finally {
        db.close();
      }
      expect(countOnDisk(temp.file, 'Patient')).toBe(600);
    } finally {
      await temp.cleanup();
    }
  });
});
