import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { unreadableReason } from './read-input.js';

/** A file to validate, or a folder inside the walk that could not be listed (reported, not fatal). */
export type WalkEntry = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string };

/** Folders that hold dependencies or tool state, never payloads. */
const skippedFolder = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every `.json` file under `folder`, depth first, sorted by name at each level so the order is the
 * same on every machine. It is a generator so that a folder of many thousands of files is never
 * held as one list: only the entries of the folders on the current path are in memory. Symbolic
 * links to files are followed; links to folders are not, which rules out cycles.
 */
export async function* walkJsonFiles(folder: string): AsyncGenerator<WalkEntry> {
  let entries;
  try {
    entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => byCodeUnit(a.name, b.name));
  } catch (error) {
    yield { kind: 'unreadable', path: folder, reason: unreadableReason(error, 'folder') };
    return;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolder(entry.name)) yield* walkJsonFiles(full);
    } else if (entry.name.toLowerCase().endsWith('.json')) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)))) yield { kind: 'file', path: full };
    }
  }
}
