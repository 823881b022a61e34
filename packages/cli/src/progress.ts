import type { OutputStream } from './cli-io.js';

export interface Progress {
  /** Called after each file; draws at most once per interval. */
  update(files: number, invalid: number): void;
  /** Takes the progress line off a terminal, so a report line can be written cleanly. */
  clear(): void;
  /** The last word: a terminal's line is removed (the summary follows); a log gets a final count. */
  finish(files: number, invalid: number): void;
}

export interface ProgressOptions {
  /** Milliseconds; tests pass a clock that moves on every call. */
  readonly now?: () => number;
  readonly intervalMs?: number;
}

const CLEAR_LINE = '\r\u001b[K';

const text = (files: number, invalid: number): string => `raflag validate: ${files} ${files === 1 ? 'file' : 'files'} checked, ${invalid} invalid`;

/**
 * A count of files checked, on standard error. On a terminal it redraws one line; elsewhere (when
 * asked for with --progress) it writes a line now and then, so a CI log is not flooded.
 */
export function createProgress(stream: OutputStream, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 100 : 2_000);
  let last = now();
  let shown = false;
  return {
    update(files, invalid) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (tty) {
        stream.write(`${CLEAR_LINE}${text(files, invalid)}`);
        shown = true;
      } else stream.write(`${text(files, invalid)}\n`);
    },
    clear() {
      if (!shown) return;
      stream.write(CLEAR_LINE);
      shown = false;
    },
    finish(files, invalid) {
      if (tty) this.clear();
      else stream.write(`${text(files, invalid)}\n`);
    },
  };
}

/** A progress that says nothing, for runs without a terminal or --progress. */
export const noProgress: Progress = { update: () => undefined, clear: () => undefined, finish: () => undefined };
