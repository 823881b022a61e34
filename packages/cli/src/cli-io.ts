import type { InputSource } from './read-input.js';

/** Where a command reads and writes and what it may know of its surroundings; tests pass in fakes. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Standard input, for commands given the path `-`; without it they read empty text. */
  readonly stdin?: InputSource;
  /** Environment variables (for NO_COLOR); defaults to none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal, which is the only time colour is used. */
  readonly isTTY?: boolean;
}

/** The same three codes for every command. */
export const exitCode = {
  /** Every file is valid (warnings allowed), or a conversion carried everything. */
  valid: 0,
  /** At least one file has an error or could not be read, or a conversion has errors. */
  invalid: 1,
  /** The command line was wrong: nothing was validated or converted. */
  usage: 2,
} as const;

/**
 * Colour only when the stream the report goes to is a terminal, and never when NO_COLOR is set
 * (https://no-color.org). Reports go to stdout unless a command keeps stdout for data.
 */
export function wantsColour(io: CliIo, stream: OutputStream = io.stdout): boolean {
  return stream.isTTY === true && !io.env?.['NO_COLOR'];
}
