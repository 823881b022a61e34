import { open } from 'node:fs/promises';

/** fdatasync of a file by name, on libuv's thread pool: the event loop goes on meanwhile. */
export async function datasyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes commits durable without stalling the event loop. The group commit writes its WAL frames
 * with `synchronous=NORMAL` (no fsync inside COMMIT, which better-sqlite3 would run on the main
 * thread) and asks this for an fdatasync of the WAL before anyone is told. The WAL is written in
 * order, so one sync makes every commit before it durable: commits made while a sync runs wait
 * for the next one, and share it.
 *
 * The file is opened by name for each sync, so it is always the WAL SQLite is writing now.
 * A failed sync is final: the pages it should have written may be gone from the page cache, so a
 * later successful sync proves nothing about them. Everyone waiting is told, and `failure` stays
 * set so the store can refuse further writes until it is restarted.
 */
export class WalSync {
  private waiting: ((error: Error | undefined) => void)[] = [];
  private running: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(
    private readonly walFile: string,
    private readonly sync: (file: string) => Promise<void> = datasyncFile,
  ) {}

  get failure(): Error | undefined {
    return this.failed;
  }

  /** Calls `done` once everything committed before this call is on disk, or with why it is not. */
  after(done: (error: Error | undefined) => void): void {
    if (this.failed !== undefined) {
      done(this.failed);
      return;
    }
    this.waiting.push(done);
    this.running ??= this.drain();
  }

  /** Resolves when no sync is running or waiting (the store's close). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      let error: Error | undefined = this.failed;
      if (error === undefined) {
        try {
          await this.sync(this.walFile);
        } catch (cause) {
          error = new Error(`could not flush the database's write-ahead log to disk: ${cause instanceof Error ? cause.message : String(cause)}`);
          this.failed = error;
        }
      }
      for (const done of batch) done(error);
    }
    this.running = undefined;
  }
}
