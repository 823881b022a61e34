import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { convertStu3, errorsOf, issueId, makeIssue, toOutcome, validate, type Stu3Conversion } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCommand, convertText } from './convert-command.js';
import { capture, lines } from './test-support/capture.js';

const national = fileURLToPath(new URL('../../core/src/__fixtures__/national/', import.meta.url));
const F01 = path.join(national, '01-flag-stu3-RARecord-Flag-1-example-1.json');
const F02 = path.join(national, '02-consent-stu3-RARecord-Consent-1-example-1-lpa.json');
const F03 = path.join(national, '03-list-condition-stu3-api-createList.json');
const F04 = path.join(national, '04-parameters-stu3-api-removerarecord.json');
const F06_R4 = path.join(national, '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json');

type Bundle = Extract<Stu3Conversion, { kind: 'record' }>['bundle'];
type OperationOutcome = Stu3Conversion['outcome'];

const NO_PATIENT = '  error    Flag.subject                No patient NHS number could be found for the record.';
const NOT_CARRIED_03 =
  '  warning  List.contained[0].extension[0]  Not carried into the R4 record: the retired Extension-RARecord-Provenance-1 (the Provenance it names is read instead).';
const REMOVAL_04 = {
  removal: {
    nhsNumber: '5900026175',
    reason: { system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReason-1', code: 'DoesntApply' },
    comment: 'No longer applies',
  },
};

/** fullUrls that are the same on every run, so whole outputs can be compared. */
const counting = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};
const fixedUuids = (input: unknown): Stu3Conversion => convertStu3(input, { uuid: counting() });

const ids = (outcome: OperationOutcome) => outcome.issue.map((issue) => [issueId(issue), issue.severity, issue.expression?.[0]]);

let dir: string;
const at = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-convert-'));
  await writeFile(at('broken.json'), '{"resourceType": "Patient",}');
  const f03 = await readFile(F03, 'utf8');
  // The same List with its first key written twice: JSON.parse would quietly keep the last one.
  await writeFile(at('duplicate.json'), f03.replace('"resourceType": "List",', '"resourceType": "List",\n  "resourceType": "List",'));
  await writeFile(at('bom.json'), `\uFEFF${await readFile(F04, 'utf8')}`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('convertCommand: usage', () => {
  it('prints help with examples and exits 0', async () => {
    const out = capture();
    expect(await convertCommand(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^Usage: raflag convert --from stu3 \[options\] <file or ->/);
    expect(out.stdout()).toContain('Examples:\n  raflag convert --from stu3 old-list.json > new-bundle.json');
    expect(out.stderr()).toBe('');
  });

  it.each([
    ['--from missing', [F03], 'say which version the payload is in: --from stu3'],
    ['--from not stu3', ['--from', 'r4', F03], 'cannot convert --from "r4": the only version supported is stu3'],
    ['no path', ['--from', 'stu3'], 'name the file to convert, or - for standard input'],
    ['more than one path', ['--from', 'stu3', F03, F04], 'convert takes one file at a time, not 2'],
    ['an unknown option', ['--from', 'stu3', '--verbose', F03], 'unknown option --verbose'],
    ['a bad --format', ['--from', 'stu3', '--format', 'xml', F03], 'unknown --format "xml": use result or outcome'],
  ])('exits 2 for %s', async (_label, args, message) => {
    const out = capture();
    expect(await convertCommand(args, out.io)).toBe(2);
    expect(lines(out.stderr())).toEqual([`raflag convert: ${message}`, 'Run "raflag convert --help" for usage.']);
    expect(out.stdout()).toBe('');
  });

  it('exits 2 for a missing file and for a folder', async () => {
    const missing = capture();
    expect(await convertCommand(['--from', 'stu3', at('nope.json')], missing.io)).toBe(2);
    expect(lines(missing.stderr())[0]).toBe(`raflag convert: no such file: ${at('nope.json')}`);
    const folder = capture();
    expect(await convertCommand(['--from', 'stu3', national], folder.io)).toBe(2);
    expect(lines(folder.stderr())[0]).toBe(`raflag convert: ${national} is a folder; name one file`);
    expect(missing.stdout() + folder.stdout()).toBe('');
  });
});

describe('convertCommand: the national STU3 payloads', () => {
  it('03 List: writes an R4 transaction Bundle that validate accepts, and the report on stderr; exits 0', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F03], out.io)).toBe(0);
    const bundle = JSON.parse(out.stdout()) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient', 'Flag', 'Condition']);
    expect(errorsOf(validate(bundle))).toEqual([]);
    expect(lines(out.stderr())).toEqual([`PASS ${F03}`, NOT_CARRIED_03, '', 'Converted to an R4 transaction Bundle (3 entries): 0 errors, 1 warning, 0 notes']);
  });

  it('03 List: stdout is exactly the converted Bundle as pretty JSON', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F03], out.io, { convert: fixedUuids })).toBe(0);
    const expected = fixedUuids(JSON.parse(await readFile(F03, 'utf8')));
    expect(expected.kind).toBe('record');
    if (expected.kind !== 'record') return;
    expect(out.stdout()).toBe(`${JSON.stringify(expected.bundle, null, 2)}\n`);
    expect(out.stdout()).toContain('"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001"');
  });

  it('04 $removerarecord: writes {"removal": ...} and exits 0', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F04], out.io)).toBe(0);
    expect(JSON.parse(out.stdout())).toEqual(REMOVAL_04);
    expect(lines(out.stderr())).toEqual([`PASS ${F04}`, '', 'Converted to a removal of the whole record: 0 errors, 0 warnings, 0 notes']);
  });

  it('01 Flag: no NHS number, so nothing on stdout, the mapping.no-patient error on stderr, and exit 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F01], out.io)).toBe(1);
    expect(out.stdout()).toBe('');
    const report = lines(out.stderr());
    expect(report[0]).toBe(`FAIL ${F01}`);
    expect(report).toContain(NO_PATIENT);
    expect(report.at(-1)).toBe('Not converted: 1 error, 0 warnings, 1 note');
  });

  it('02 Consent: no patient either; exit 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F02], out.io)).toBe(1);
    expect(out.stdout()).toBe('');
    expect(lines(out.stderr()).at(-1)).toBe('Not converted: 1 error, 2 warnings, 0 notes');
  });

  it('an R4 Bundle is not a STU3 payload: not converted, exit 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F06_R4], out.io)).toBe(1);
    expect(out.stdout()).toBe('');
    expect(lines(out.stderr())[1]).toMatch(/^ {2}error {4}- {2}This is not a recognised STU3 RARecord payload: /);
  });

  it('reads standard input for "-" and calls it <stdin> in the report', async () => {
    const out = capture({ stdin: Readable.from([await readFile(F04)]) });
    expect(await convertCommand(['--from', 'stu3', '-'], out.io)).toBe(0);
    expect(JSON.parse(out.stdout())).toEqual(REMOVAL_04);
    expect(lines(out.stderr())[0]).toBe('PASS <stdin>');
  });

  it('accepts a file that starts with a byte order mark', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', at('bom.json')], out.io)).toBe(0);
    expect(JSON.parse(out.stdout())).toEqual(REMOVAL_04);
  });
});

describe('convertCommand: --format outcome', () => {
  it.each([
    [F03, 0, 'record', [['mapping.not-carried', 'warning', 'List.contained[0].extension[0]']]],
    [F04, 0, 'removal', [['ok', 'information', undefined]]],
    [F01, 1, 'none', [['mapping.normalised', 'information', 'Flag.code.coding[0].system'], ['mapping.no-patient', 'error', 'Flag.subject']]],
  ])('%s: exit %i, kind %s, only JSON on stdout and nothing on stderr', async (file, code, kind, issues) => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', '--format', 'outcome', file], out.io)).toBe(code);
    expect(out.stderr()).toBe('');
    const written = JSON.parse(out.stdout()) as { kind: string; result: unknown; outcome: OperationOutcome };
    expect(Object.keys(written)).toEqual(['kind', 'result', 'outcome']);
    expect(written.kind).toBe(kind);
    expect(ids(written.outcome)).toEqual(issues);
    if (kind === 'record') expect(errorsOf(validate(written.result))).toEqual([]);
    if (kind === 'removal') expect(written.result).toEqual(REMOVAL_04.removal);
    if (kind === 'none') expect(written.result).toBeNull();
  });
});

describe('convertCommand: text that is not clean JSON', () => {
  it('reports broken JSON exactly as validate does, with nothing on stdout; exit 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', at('broken.json')], out.io)).toBe(1);
    expect(out.stdout()).toBe('');
    expect(lines(out.stderr())).toEqual([
      `FAIL ${at('broken.json')}`,
      '  fatal    -  The text is not valid JSON: trailing comma at line 1, column 27.',
      '',
      'Not converted: 1 error, 0 warnings, 0 notes',
    ]);
  });

  it('gives broken JSON a null result with --format outcome', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', '--format', 'outcome', at('broken.json')], out.io)).toBe(1);
    const written = JSON.parse(out.stdout()) as { result: unknown; outcome: OperationOutcome };
    expect(written.result).toBeNull();
    expect(ids(written.outcome)).toEqual([['syntax.invalid-json', 'fatal', undefined]]);
  });

  it('treats empty standard input as broken JSON', async () => {
    const out = capture({ stdin: Readable.from([]) });
    expect(await convertCommand(['--from', 'stu3', '-'], out.io)).toBe(1);
    expect(lines(out.stderr())[1]).toMatch(/^ {2}fatal {4}- {2}The text is not valid JSON: /);
  });

  it('converts a payload with a duplicate key but reports the key as an error and exits 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', at('duplicate.json')], out.io)).toBe(1);
    expect((JSON.parse(out.stdout()) as Bundle).resourceType).toBe('Bundle');
    expect(lines(out.stderr())).toEqual([
      `FAIL ${at('duplicate.json')}`,
      '  error    List.resourceType               The key "resourceType" appears more than once in the same object (line 3, column 3).',
      NOT_CARRIED_03,
      '',
      'Converted to an R4 transaction Bundle (3 entries), with errors: 1 error, 1 warning, 0 notes',
    ]);
  });
});

describe('convertCommand: partial results and colour', () => {
  // The real 03 conversion, plus an error as if one item in it could not be carried.
  const withAnError = (input: unknown): Stu3Conversion => {
    const conversion = convertStu3(input);
    return { ...conversion, outcome: toOutcome([...conversion.outcome.issue, makeIssue('mapping.no-patient', 'List.subject')]) };
  };

  it('still writes what was converted when the outcome has an error, and exits 1', async () => {
    const out = capture();
    expect(await convertCommand(['--from', 'stu3', F03], out.io, { convert: withAnError })).toBe(1);
    expect((JSON.parse(out.stdout()) as Bundle).type).toBe('transaction');
    expect(lines(out.stderr())[0]).toBe(`FAIL ${F03}`);
    expect(lines(out.stderr()).at(-1)).toBe('Converted to an R4 transaction Bundle (3 entries), with errors: 1 error, 1 warning, 0 notes');
  });

  it('colours the report when stderr is a terminal, and never the JSON on stdout', async () => {
    const out = capture({ tty: true, stderrTty: true });
    await convertCommand(['--from', 'stu3', F01], out.io);
    expect(out.stderr()).toContain('\u001b[31m');
    const tty = capture({ tty: true, stderrTty: true });
    await convertCommand(['--from', 'stu3', F04], tty.io);
    expect(tty.stdout()).not.toContain('\u001b[');
  });

  it.each([
    ['stderr is not a terminal (even if stdout is)', capture({ tty: true, stderrTty: false })],
    ['NO_COLOR is set', capture({ stderrTty: true, env: { NO_COLOR: '1' } })],
  ])('uses no colour when %s', async (_label, out) => {
    await convertCommand(['--from', 'stu3', F01], out.io);
    expect(out.stderr()).not.toContain('\u001b[');
  });
});

describe('convertText', () => {
  it('hands the parsed value to the converter only when the text is JSON', () => {
    const seen: unknown[] = [];
    const spy = (input: unknown): Stu3Conversion => {
      seen.push(input);
      return { kind: 'none', outcome: toOutcome([]) };
    };
    convertText('{"resourceType": "Flag"}', spy);
    convertText('{"resourceType": ', spy);
    expect(seen).toEqual([{ resourceType: 'Flag' }]);
  });
});
