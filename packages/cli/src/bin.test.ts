import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));

/** Runs the real entry point as a user would, from TypeScript source through tsx. */
const raflag = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-bin-'));
  await writeFile(path.join(dir, 'good.json'), '{"resourceType": "Patient", "active": true}');
  await writeFile(path.join(dir, 'bad.json'), '{\n  "resourceType": "Patient"\n  "active": true\n}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('raflag (bin)', () => {
  it('validates files and exits 1 when one is invalid', () => {
    const result = raflag('validate', dir);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `FAIL ${path.join(dir, 'bad.json')}`,
      "  fatal    -  The text is not valid JSON: unexpected character: expected ',' or '}' after an object member at line 3, column 3.",
      `PASS ${path.join(dir, 'good.json')}`,
      '',
      '2 files: 1 valid, 1 invalid',
      '',
    ]);
    expect(result.stderr).toBe('');
  });

  it('exits 0 when every file is valid', () => {
    const result = raflag('validate', path.join(dir, 'good.json'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 file: 1 valid, 0 invalid');
  });

  it('exits 2 with the command list when no command is given', () => {
    const result = raflag();
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: raflag <command>/);
    expect(result.stderr).toContain('validate <file or folder>...');
  });

  it('exits 2 for an unknown command', () => {
    const result = raflag('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('raflag: unknown command "frobnicate"');
  });

  it('prints its version', () => {
    const result = raflag('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('0.1.0\n');
  });
});
