import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders that hold dependencies or tool state, never payloads. */
const skippedFolder = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every `.json` file under `folder`, depth first, sorted by name at each level so the order is the
 * same on every machine. Symbolic links to files are followed; links to folders are not, which
 * rules out cycles.
 */
export async function findJsonFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => byCodeUnit(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolder(entry.name)) found.push(...(await findJsonFiles(full)));
    } else if (entry.name.toLowerCase().endsWith('.json')) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)))) found.push(full);
    }
  }
  return found;
}
