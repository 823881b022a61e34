import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README's examples are the first code a newcomer copies, so each block is run as written,
// with only the package import pointed at this source tree.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(resolve(here, '../README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const workDir = mkdtempSync(join(tmpdir(), 'raflag-readme-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function run(index: number): Promise<string[]> {
  const source = (blocks[index] ?? '').replaceAll("'@raflag/core'", JSON.stringify(resolve(here, 'index.ts')));
  const file = join(workDir, `block-${index}.ts`);
  writeFileSync(file, source);
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(file);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('packages/core/README.md', () => {
  it('has the two examples it promises', () => {
    expect(blocks).toHaveLength(2);
  });

  it('builds a record, maps it to a valid Bundle and reads it back', async () => {
    expect(await run(0)).toEqual(['valid 6 entries', '2 adjustments read back']);
  });

  it('validates a payload and explains each issue', async () => {
    expect(await run(1)).toEqual([
      'error Flag.code.coding[0].code profile.code-not-for-category The adjustment code does not belong to the adjustment category given in category[1].',
      'error Flag.contained business.provenance-missing The resource must contain a Provenance recording who made this entry.',
    ]);
  });
});
