import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { makeIssue, toOutcome, type validateText } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, lines } from './test-support/capture.js';
import { validateCommand } from './validate-command.js';
import { SOURCE_FILE_EXTENSION } from './validate-reporters.js';

type Validator = typeof validateText;
type Outcome = ReturnType<Validator>;

const failsWhen =
  (marker: string): Validator =>
  (text) =>
    text.includes(marker) ? toOutcome([makeIssue('profile.code-not-in-valueset', 'Flag.code', { valueSet: 'https://example.org/vs' })]) : toOutcome([]);

interface JsonReport {
  files: { path: string; valid: boolean; issues: Outcome['issue'] }[];
  summary: { files: number; valid: number; invalid: number };
}
interface OutcomeBundle {
  resourceType: string;
  type: string;
  entry: { fullUrl?: string; extension: { url: string; valueString: string }[]; resource: Outcome }[];
}

let dir: string;
const at = (...parts: string[]): string => path.join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-formats-'));
  await mkdir(at('tree', 'sub'), { recursive: true });
  await mkdir(at('empty'));
  await writeFile(at('tree', 'a.json'), '{"resourceType": "Patient", "active": true}');
  await writeFile(at('tree', 'b.json'), '{"marker": "BAD"}');
  await writeFile(at('tree', 'sub', 'c.json'), '{"resourceType": "Patient",}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('validateCommand --format json', () => {
  it('writes one JSON document: each file with its path, valid flag and issues, then a summary', async () => {
    const out = capture();
    expect(await validateCommand(['--format', 'json', at('tree')], out.io)).toBe(1);
    const report = JSON.parse(out.stdout()) as JsonReport;
    expect(report.files.map((f) => [f.path, f.valid])).toEqual([
      [at('tree', 'a.json'), true],
      [at('tree', 'b.json'), false],
      [at('tree', 'sub', 'c.json'), false],
    ]);
    expect(report.files[0]?.issues).toEqual([]);
    expect(report.files[2]?.issues).toEqual([
      expect.objectContaining({ severity: 'fatal', details: expect.objectContaining({ text: 'The text is not valid JSON: trailing comma at line 1, column 27.' }) }),
    ]);
    expect(report.summary).toEqual({ files: 3, valid: 1, invalid: 2 });
    expect(out.stderr()).toBe('');
  });

  it('carries each issue with its severity and FHIRPath expression, and exits 0 when all are valid', async () => {
    const out = capture();
    expect(await validateCommand(['--format=json', at('tree', 'a.json')], out.io)).toBe(0);
    expect((JSON.parse(out.stdout()) as JsonReport).summary).toEqual({ files: 1, valid: 1, invalid: 0 });

    const bad = capture();
    expect(await validateCommand(['--format', 'json', at('tree', 'b.json')], bad.io, { validate: failsWhen('BAD') })).toBe(1);
    const [file] = (JSON.parse(bad.stdout()) as JsonReport).files;
    expect(file?.issues).toEqual([expect.objectContaining({ severity: 'error', expression: ['Flag.code'] })]);
  });

  it('is never coloured, even on a terminal', async () => {
    const out = capture({ tty: true });
    await validateCommand(['--format', 'json', at('tree')], out.io);
    expect(out.stdout()).not.toContain('\u001b[');
  });

  it('writes nothing to stdout when the folders hold no .json files (exit 2)', async () => {
    const out = capture();
    expect(await validateCommand(['--format', 'json', at('empty')], out.io)).toBe(2);
    expect(out.stdout()).toBe('');
    expect(lines(out.stderr())[0]).toBe(`raflag validate: no .json files found in ${at('empty')}`);
  });
});

describe('validateCommand --format outcome', () => {
  it('writes a Bundle of OperationOutcomes, one per file, each entry naming its file', async () => {
    const out = capture();
    expect(await validateCommand(['--format', 'outcome', at('tree')], out.io)).toBe(1);
    const bundle = JSON.parse(out.stdout()) as OutcomeBundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.entry.map((e) => e.fullUrl)).toEqual([at('tree', 'a.json'), at('tree', 'b.json'), at('tree', 'sub', 'c.json')].map((f) => pathToFileURL(f).href));
    expect(bundle.entry.map((e) => e.extension)).toEqual(
      [at('tree', 'a.json'), at('tree', 'b.json'), at('tree', 'sub', 'c.json')].map((f) => [{ url: SOURCE_FILE_EXTENSION, valueString: f }]),
    );
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['OperationOutcome', 'OperationOutcome', 'OperationOutcome']);
    expect(bundle.entry[0]?.resource.issue.map((i) => i.severity)).toEqual(['information']);
    expect(bundle.entry[2]?.resource.issue.map((i) => i.severity)).toEqual(['fatal']);
  });
});

describe('validateCommand: standard input', () => {
  it('validates "-" as <stdin>, beside files', async () => {
    const out = capture({ stdin: Readable.from(['{"marker": ', '"BAD"}']) });
    expect(await validateCommand([at('tree', 'a.json'), '-'], out.io, { validate: failsWhen('BAD') })).toBe(1);
    expect(lines(out.stdout())).toEqual([
      `PASS ${at('tree', 'a.json')}`,
      'FAIL <stdin>',
      '  error    Flag.code  Code is not in https://example.org/vs.',
      '',
      '2 files: 1 valid, 1 invalid',
    ]);
  });

  it('names standard input in an outcome Bundle without a file URL', async () => {
    const out = capture({ stdin: Readable.from(['{"resourceType": "Patient"}']) });
    expect(await validateCommand(['--format', 'outcome', '-'], out.io)).toBe(0);
    const [entry] = (JSON.parse(out.stdout()) as OutcomeBundle).entry;
    expect(entry?.fullUrl).toBeUndefined();
    expect(entry?.extension).toEqual([{ url: SOURCE_FILE_EXTENSION, valueString: '<stdin>' }]);
  });
});

describe('validateCommand: progress', () => {
  // A clock that jumps a second on every reading, so every file is worth a progress update.
  const ticking = () => {
    let t = 0;
    return () => (t += 1_000);
  };

  it('with --progress writes counts to stderr, never to stdout', async () => {
    const out = capture();
    expect(await validateCommand(['--progress', '--format', 'json', at('tree')], out.io, { progress: { now: ticking(), intervalMs: 1 } })).toBe(1);
    expect(lines(out.stderr())).toEqual([
      'raflag validate: 1 file checked, 0 invalid',
      'raflag validate: 2 files checked, 1 invalid',
      'raflag validate: 3 files checked, 2 invalid',
      'raflag validate: 3 files checked, 2 invalid',
    ]);
    expect((JSON.parse(out.stdout()) as JsonReport).summary.files).toBe(3);
  });

  it('on a terminal redraws one line and clears it before each report line', async () => {
    const out = capture({ stderrTty: true });
    await validateCommand([at('tree')], out.io, { progress: { now: ticking() } });
    expect(out.stderr()).toContain('\r\u001b[Kraflag validate: 2 files checked, 1 invalid');
    expect(out.stderr().endsWith('\r\u001b[K')).toBe(true);
    expect(out.stdout()).not.toContain('checked');
  });

  it('is not shown without a terminal or --progress, nor for files named one by one', async () => {
    const quiet = capture();
    await validateCommand([at('tree')], quiet.io, { progress: { now: ticking() } });
    expect(quiet.stderr()).toBe('');
    const files = capture({ stderrTty: true });
    await validateCommand([at('tree', 'a.json'), at('tree', 'b.json')], files.io, { progress: { now: ticking() } });
    expect(files.stderr()).toBe('');
  });
});
