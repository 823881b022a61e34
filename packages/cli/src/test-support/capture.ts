import type { CliIo, OutputStream } from '../cli-io.js';
import type { InputSource } from '../read-input.js';

/** A fake CliIo that keeps what a command writes, for tests that do not spawn a process. */
export interface Captured {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export interface CaptureOptions {
  /** Whether stdout claims to be a terminal. */
  readonly tty?: boolean;
  /** Whether stderr claims to be a terminal. */
  readonly stderrTty?: boolean;
  readonly env?: Record<string, string>;
  readonly stdin?: InputSource;
}

export function capture(options: CaptureOptions = {}): Captured {
  let out = '';
  let err = '';
  const stdout: OutputStream = { write: (text: string) => (out += text), isTTY: options.tty ?? false };
  const stderr: OutputStream = { write: (text: string) => (err += text), isTTY: options.stderrTty ?? false };
  const io: CliIo = { stdout, stderr, env: options.env ?? {}, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) };
  return { io, stdout: () => out, stderr: () => err };
}

/** Output split into lines, without the empty string after the final newline. */
export const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
