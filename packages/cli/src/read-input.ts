import { readFile, stat } from 'node:fs/promises';

/** What a command can read text from: a file by path, or standard input when the path is `-`. */
export type InputSource = AsyncIterable<string | Uint8Array>;

/** The path that means standard input, as in most Unix tools. */
export const STDIN_PATH = '-';

export type InputText =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'folder' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Why a file (or folder) could not be read, by its error code only: the message may quote the path or the text. */
export const unreadableReason = (error: unknown, what: 'file' | 'folder' = 'file'): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return `The ${what} could not be read${typeof code === 'string' ? ` (${code})` : ''}.`;
};

/** All of a stream as UTF-8 text. The bytes are joined before decoding so a character split across chunks survives. */
export async function readAll(source: InputSource): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text at `target`, or why there is none. `-` reads `stdin` to its end; with no standard
 * input the text is empty, which then fails as "not valid JSON" rather than hanging.
 */
export async function readInput(target: string, stdin: InputSource | undefined): Promise<InputText> {
  if (target === STDIN_PATH) return { kind: 'text', text: stdin === undefined ? '' : await readAll(stdin) };
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return { kind: 'missing' };
  if (info.isDirectory()) return { kind: 'folder' };
  try {
    return { kind: 'text', text: await readFile(target, 'utf8') };
  } catch (error) {
    return { kind: 'unreadable', reason: unreadableReason(error) };
  }
}
