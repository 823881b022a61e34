import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorsOf, validate, type Stu3Conversion } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));

/** Runs the real entry point as a user would, from TypeScript source through tsx. */
const raflagWithInput = (input: string | undefined, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(input === undefined ? {} : { input }),
  });
const raflag = (...args: string[]) => raflagWithInput(undefined, ...args);

const national = 'packages/core/src/__fixtures__/national';
type Bundle = Extract<Stu3Conversion, { kind: 'record' }>['bundle'];

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
    expect(result.stderr).toContain('validate <file, folder or ->...');
    expect(result.stderr).toContain('convert --from stu3 <file|->');
    expect(result.stderr).toContain('token --client <id>');
  });

  it('exits 2 for an unknown command', () => {
    const result = raflag('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toEqual(['raflag: unknown command "frobnicate"', 'Run "raflag --help" for the list of commands.', '']);
  });

  it('prints its version', () => {
    const result = raflag('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('0.1.0\n');
  });

  it('with --exit-zero reports the defective national payloads and exits 0', () => {
    const result = raflag('validate', '--exit-zero', national);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`FAIL ${path.join(national, '01-flag-stu3-RARecord-Flag-1-example-1.json')}`);
    expect(result.stdout).toMatch(/\n\d+ files: \d+ valid, [1-9]\d* invalid\n$/);
  });

  it('converts a STU3 List read from standard input: a valid Bundle on stdout, the report on stderr', async () => {
    const text = await readFile(path.join(repoRoot, national, '03-list-condition-stu3-api-createList.json'), 'utf8');
    const result = raflagWithInput(text, 'convert', '--from', 'stu3', '-');
    expect(result.status).toBe(0);
    const bundle = JSON.parse(result.stdout) as Bundle;
    expect(bundle.type).toBe('transaction');
    expect(errorsOf(validate(bundle))).toEqual([]);
    expect(result.stderr.split('\n')[0]).toBe('PASS <stdin>');
    expect(result.stderr).toContain('Converted to an R4 transaction Bundle (3 entries): 0 errors, 1 warning, 0 notes');
  });

  it('exits 1 converting a STU3 Flag with no NHS number, and 2 without --from', () => {
    const flag = path.join(national, '01-flag-stu3-RARecord-Flag-1-example-1.json');
    const failed = raflag('convert', '--from', 'stu3', flag);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('No patient NHS number could be found for the record.');
    const usage = raflag('convert', flag);
    expect(usage.status).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('raflag convert: say which version the payload is in: --from stu3');
  });
});
