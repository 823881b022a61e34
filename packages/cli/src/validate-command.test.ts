import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeIssue, toOutcome, type validateText } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, lines } from './test-support/capture.js';
import { validateCommand } from './validate-command.js';

type Validator = typeof validateText;

// Stand-in validators, so exit codes and output can be pinned down whatever the rules say today.
const allValid: Validator = () => toOutcome([]);
const warnsOnly: Validator = () => toOutcome([makeIssue('terminology.snomed-https', 'Flag.code.coding[0].system')]);
const failsWhen =
  (marker: string): Validator =>
  (text) =>
    text.includes(marker)
      ? toOutcome([makeIssue('profile.code-not-in-valueset', 'Flag.code', { valueSet: 'https://example.org/vs' }, { profile: 'https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment' })])
      : toOutcome([]);

let dir: string;
const at = (...parts: string[]): string => path.join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-validate-'));
  await mkdir(at('tree', 'sub', 'deeper'), { recursive: true });
  await mkdir(at('tree', 'node_modules'), { recursive: true });
  await mkdir(at('tree', '.git'), { recursive: true });
  await mkdir(at('empty'), { recursive: true });
  await writeFile(at('patient.json'), '{"resourceType": "Patient", "id": "example", "active": true}');
  await writeFile(at('broken.json'), '{"resourceType": "Patient",}');
  await writeFile(at('duplicate.json'), '{"resourceType": "Patient",\n "active": true,\n "active": false}');
  await writeFile(at('payload.txt'), '{"resourceType": "Patient"}');
  await writeFile(at('flag-bad.json'), '{"marker": "BAD"}');
  for (const file of ['b.json', 'a.json', 'Z.JSON', 'notes.txt', 'sub/c.json', 'sub/deeper/d.json', 'node_modules/x.json', '.git/y.json']) {
    await writeFile(at('tree', file), '{}');
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('validateCommand: usage', () => {
  it('prints help with examples and exits 0', async () => {
    const out = capture();
    expect(await validateCommand(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^Usage: raflag validate \[options\] <file, folder or ->\.\.\./);
    expect(out.stdout()).toContain('Examples:\n  raflag validate bundle.json');
    expect(out.stdout()).toContain('  --exit-zero  Exit 0 even when files are invalid');
    expect(out.stderr()).toBe('');
  });

  it.each([
    ['no arguments', [], 'raflag validate: name at least one JSON file or folder to validate, or - for standard input'],
    ['an unknown option', ['--strict', 'x.json'], 'raflag validate: unknown option --strict'],
    ['an unknown format', ['--format', 'xml', 'x.json'], 'raflag validate: unknown --format "xml": use human, json, outcome'],
    ['--format without a value', ['x.json', '--format'], 'raflag validate: --format needs a value'],
    ['a value given to a flag', ['--progress=yes', 'x.json'], 'raflag validate: unknown option --progress=yes'],
    ['standard input named twice', ['-', '-'], 'raflag validate: standard input (-) can be named only once'],
    ['"--" ends the options, so "--help" after it is a missing path', ['--', '--help'], 'raflag validate: no such file or folder: --help'],
    ['no arguments besides --exit-zero', ['--exit-zero'], 'raflag validate: name at least one JSON file or folder to validate, or - for standard input'],
    ['an unknown option with --exit-zero', ['--exit-zero', '--strict', 'x.json'], 'raflag validate: unknown option --strict'],
  ])('exits 2 for %s', async (_label, args, message) => {
    const out = capture();
    expect(await validateCommand(args, out.io)).toBe(2);
    expect(lines(out.stderr())).toEqual([message, 'Run "raflag validate --help" for usage.']);
    expect(out.stdout()).toBe('');
  });

  it('exits 2 for a missing path without validating the paths that exist', async () => {
    const out = capture();
    expect(await validateCommand([at('patient.json'), at('nope.json'), at('nope2')], out.io, { validate: allValid })).toBe(2);
    expect(lines(out.stderr())[0]).toBe(`raflag validate: no such file or folder: ${at('nope.json')}, ${at('nope2')}`);
    expect(out.stdout()).toBe('');
  });

  it('exits 2 when the folders hold no .json files', async () => {
    const out = capture();
    expect(await validateCommand([at('empty')], out.io)).toBe(2);
    expect(lines(out.stderr())[0]).toBe(`raflag validate: no .json files found in ${at('empty')}`);
  });
});

describe('validateCommand: results with the real validator', () => {
  it('passes a valid file and exits 0', async () => {
    const out = capture();
    expect(await validateCommand([at('patient.json')], out.io)).toBe(0);
    expect(lines(out.stdout())).toEqual([`PASS ${at('patient.json')}`, '', '1 file: 1 valid, 0 invalid']);
  });

  it('fails a file that is not JSON, showing where, and exits 1', async () => {
    const out = capture();
    expect(await validateCommand([at('broken.json')], out.io)).toBe(1);
    expect(lines(out.stdout())).toEqual([
      `FAIL ${at('broken.json')}`,
      '  fatal    -  The text is not valid JSON: trailing comma at line 1, column 27.',
      '',
      '1 file: 0 valid, 1 invalid',
    ]);
  });

  it('reports a duplicate key at its FHIRPath', async () => {
    const out = capture();
    expect(await validateCommand([at('duplicate.json')], out.io)).toBe(1);
    const output = lines(out.stdout());
    expect(output[0]).toBe(`FAIL ${at('duplicate.json')}`);
    expect(output[1]).toBe('  error    Patient.active  The key "active" appears more than once in the same object (line 3, column 2).');
  });

  it('validates a file named on the command line whatever its extension', async () => {
    const out = capture();
    expect(await validateCommand([at('payload.txt')], out.io)).toBe(0);
    expect(lines(out.stdout())[0]).toBe(`PASS ${at('payload.txt')}`);
  });
});

describe('validateCommand: results', () => {
  it('walks folders recursively in name order, skipping non-JSON, node_modules and hidden folders', async () => {
    const out = capture();
    expect(await validateCommand([at('tree')], out.io, { validate: allValid })).toBe(0);
    expect(lines(out.stdout())).toEqual([
      `PASS ${at('tree', 'Z.JSON')}`,
      `PASS ${at('tree', 'a.json')}`,
      `PASS ${at('tree', 'b.json')}`,
      `PASS ${at('tree', 'sub', 'c.json')}`,
      `PASS ${at('tree', 'sub', 'deeper', 'd.json')}`,
      '',
      '5 files: 5 valid, 0 invalid',
    ]);
  });

  it('allows warnings: the file passes, its warnings are listed, and the exit code is 0', async () => {
    const out = capture();
    expect(await validateCommand([at('patient.json')], out.io, { validate: warnsOnly })).toBe(0);
    expect(lines(out.stdout())).toEqual([
      `PASS ${at('patient.json')}`,
      '  warning  Flag.code.coding[0].system  SNOMED CT system must be http://snomed.info/sct, not https://snomed.info/sct.',
      '',
      '1 file: 1 valid, 0 invalid',
    ]);
  });

  it('exits 1 when any file has an error, and names the failing profile', async () => {
    const out = capture();
    expect(await validateCommand([at('patient.json'), at('flag-bad.json')], out.io, { validate: failsWhen('BAD') })).toBe(1);
    expect(lines(out.stdout())).toEqual([
      `PASS ${at('patient.json')}`,
      `FAIL ${at('flag-bad.json')}`,
      '  error    Flag.code  Code is not in https://example.org/vs. [England-Flag-PatientFlag-Adjustment]',
      '',
      '2 files: 1 valid, 1 invalid',
    ]);
  });

  it('uses colour on a terminal', async () => {
    const out = capture({ tty: true });
    await validateCommand([at('flag-bad.json')], out.io, { validate: failsWhen('BAD') });
    expect(out.stdout()).toContain('\u001b[31m');
    const withoutEscapes = out.stdout().split('\u001b[').map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, ''))).join('');
    expect(withoutEscapes).toContain(`FAIL ${at('flag-bad.json')}`);
  });

  it.each([
    ['output is not a terminal', capture({ tty: false })],
    ['NO_COLOR is set', capture({ tty: true, env: { NO_COLOR: '1' } })],
  ])('uses no colour when %s', async (_label, out) => {
    await validateCommand([at('flag-bad.json')], out.io, { validate: failsWhen('BAD') });
    expect(out.stdout()).not.toContain('\u001b[');
  });
});

describe('validateCommand: --exit-zero', () => {
  it('prints the same report as without it, but exits 0 although a file is invalid', async () => {
    const args = [at('patient.json'), at('broken.json'), at('flag-bad.json')];
    const plain = capture();
    const zero = capture();
    expect(await validateCommand(args, plain.io)).toBe(1);
    expect(await validateCommand(['--exit-zero', ...args], zero.io)).toBe(0);
    expect(zero.stdout()).toBe(plain.stdout());
    expect(lines(zero.stdout()).slice(-1)).toEqual(['3 files: 1 valid, 2 invalid']);
    expect(zero.stderr()).toBe('');
  });

  it('may come after the paths', async () => {
    const out = capture();
    expect(await validateCommand([at('flag-bad.json'), '--exit-zero'], out.io, { validate: failsWhen('BAD') })).toBe(0);
    expect(lines(out.stdout())[0]).toBe(`FAIL ${at('flag-bad.json')}`);
  });

  it('still exits 2 for a usage error: a missing path', async () => {
    const out = capture();
    expect(await validateCommand(['--exit-zero', at('nope.json')], out.io)).toBe(2);
    expect(lines(out.stderr())[0]).toBe(`raflag validate: no such file or folder: ${at('nope.json')}`);
    expect(out.stdout()).toBe('');
  });

  it('after "--" is a path, not the option', async () => {
    const out = capture();
    expect(await validateCommand([at('patient.json'), '--', '--exit-zero'], out.io)).toBe(2);
    expect(lines(out.stderr())[0]).toBe('raflag validate: no such file or folder: --exit-zero');
  });
});
