import { describe, expect, it } from 'vitest';
import { WalSync } from './wal-sync.js';

/** A sync the test finishes by hand, counting how many were started. */
function manualSync(): { sync: (file: string) => Promise<void>; started: () => number; finish: (error?: Error) => void } {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let count = 0;
  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        count += 1;
        pending.push({ resolve, reject });
      }),
    started: () => count,
    finish: (error) => {
      const next = pending.shift();
      if (error === undefined) next?.resolve();
      else next?.reject(error);
    },
  };
}

const tick = (): Promise<void> => new Promise((done) => setImmediate(done));

describe('WalSync', () => {
  it('tells a commit only after a sync that started after it; commits during a sync share the next one', async () => {
    const disk = manualSync();
    const wal = new WalSync('/data/raflag.db-wal', disk.sync);
    const heard: string[] = [];
    wal.after(() => heard.push('first'));
    expect(disk.started()).toBe(1);
    wal.after(() => heard.push('second'));
    wal.after(() => heard.push('third'));
    await tick();
    expect(heard).toEqual([]);
    disk.finish();
    await tick();
    // The two that committed while the first sync ran were not covered by it: they share the next.
    expect(heard).toEqual(['first']);
    expect(disk.started()).toBe(2);
    disk.finish();
    await wal.idle();
    expect(heard).toEqual(['first', 'second', 'third']);
    expect(disk.started()).toBe(2);
  });

  it('fails everyone waiting when a sync fails, and every commit after it, for good', async () => {
    const disk = manualSync();
    const wal = new WalSync('/data/raflag.db-wal', disk.sync);
    const errors: (string | undefined)[] = [];
    wal.after((error) => errors.push(error?.message));
    disk.finish(new Error('EIO: i/o error, fdatasync'));
    await wal.idle();
    wal.after((error) => errors.push(error?.message));
    expect(errors).toEqual([
      "could not flush the database's write-ahead log to disk: EIO: i/o error, fdatasync",
      "could not flush the database's write-ahead log to disk: EIO: i/o error, fdatasync",
    ]);
    expect(disk.started()).toBe(1);
    expect(wal.failure?.message).toContain('EIO');
  });
});
