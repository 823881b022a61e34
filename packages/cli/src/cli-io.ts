/** Where a command writes and what it may know of its surroundings; tests pass in fakes. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Environment variables (for NO_COLOR); defaults to none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal, which is the only time colour is used. */
  readonly isTTY?: boolean;
}

export const exitCode = {
  /** Every file is valid (warnings allowed). */
  valid: 0,
  /** At least one file has an error or could not be read. */
  invalid: 1,
  /** The command line was wrong: nothing was validated. */
  usage: 2,
} as const;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColour(io: CliIo): boolean {
  return io.stdout.isTTY === true && !io.env?.['NO_COLOR'];
}
