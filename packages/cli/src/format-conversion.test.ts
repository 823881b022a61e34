import { makeIssue, toOutcome, type Stu3Conversion } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { colourStyle } from './format-human.js';
import { conversionResult, conversionWithOutcome, convertedCleanly, formatConversionSummary, formatIssueCounts, toJsonText } from './format-conversion.js';

const normalised = makeIssue('mapping.normalised', 'Flag.code.coding[0].system', { what: 'SNOMED CT system' });
const notCarried = makeIssue('mapping.not-carried', 'List.contained[0].extension[0]', { what: 'a retired extension' });
const noPatient = makeIssue('mapping.no-patient', 'Flag.subject');
const removal = { nhsNumber: '9000000009', reason: { system: 'https://example.org/reasons', code: 'DoesntApply' }, comment: 'c' };
const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{}, {}, {}] } as const;
// Only the Bundle is read by the formatting; the record itself does not matter here.
const record = (issues: ReturnType<typeof makeIssue>[]): Stu3Conversion =>
  ({ kind: 'record', record: {}, bundle, outcome: toOutcome(issues) }) as unknown as Stu3Conversion;

describe('formatIssueCounts', () => {
  it('counts errors (fatal included), warnings and notes, ignoring the "no issues" placeholder', () => {
    expect(formatIssueCounts(toOutcome([]))).toBe('0 errors, 0 warnings, 0 notes');
    expect(formatIssueCounts(toOutcome([normalised, notCarried, noPatient, makeIssue('syntax.invalid-json', undefined, { problem: 'p', line: 1, column: 1 })]))).toBe(
      '2 errors, 1 warning, 1 note',
    );
  });
});

describe('formatConversionSummary', () => {
  it.each<[string, Stu3Conversion, string, boolean]>([
    ['a clean record', record([notCarried]), 'Converted to an R4 transaction Bundle (3 entries): 0 errors, 1 warning, 0 notes', true],
    ['a record with errors', record([noPatient]), 'Converted to an R4 transaction Bundle (3 entries), with errors: 1 error, 0 warnings, 0 notes', false],
    ['a removal', { kind: 'removal', removal, outcome: toOutcome([]) }, 'Converted to a removal of the whole record: 0 errors, 0 warnings, 0 notes', true],
    ['nothing', { kind: 'none', outcome: toOutcome([normalised, noPatient]) }, 'Not converted: 1 error, 0 warnings, 1 note', false],
    ['nothing, even without an error', { kind: 'none', outcome: toOutcome([notCarried]) }, 'Not converted: 0 errors, 1 warning, 0 notes', false],
  ])('%s', (_label, conversion, summary, clean) => {
    expect(formatConversionSummary(conversion)).toBe(summary);
    expect(convertedCleanly(conversion)).toBe(clean);
  });

  it('marks failure in red only with the colour style', () => {
    expect(formatConversionSummary({ kind: 'none', outcome: toOutcome([noPatient]) }, colourStyle)).toBe(
      '\u001b[31m\u001b[1mNot converted\u001b[22m\u001b[39m: 1 error, 0 warnings, 0 notes',
    );
  });
});

describe('conversion output', () => {
  it('writes the Bundle itself, the removal wrapped, or nothing', () => {
    expect(conversionResult(record([]))).toBe(bundle);
    expect(conversionResult({ kind: 'removal', removal, outcome: toOutcome([]) })).toEqual({ removal });
    expect(conversionResult({ kind: 'none', outcome: toOutcome([noPatient]) })).toBeUndefined();
  });

  it('with the outcome: kind, result (null when nothing) and the whole OperationOutcome', () => {
    const outcome = toOutcome([noPatient]);
    expect(conversionWithOutcome({ kind: 'none', outcome })).toEqual({ kind: 'none', result: null, outcome });
    expect(conversionWithOutcome({ kind: 'removal', removal, outcome })).toEqual({ kind: 'removal', result: removal, outcome });
    expect(conversionWithOutcome(record([]))).toEqual({ kind: 'record', result: bundle, outcome: toOutcome([]) });
  });

  it('is pretty JSON ending in a newline', () => {
    expect(toJsonText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});
