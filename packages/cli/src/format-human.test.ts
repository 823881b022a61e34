import { makeIssue, toOutcome } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { colourStyle, formatFileResult, formatSummary, formatUnreadable, plainStyle } from './format-human.js';

describe('formatFileResult', () => {
  it('lines up expressions within a file and leaves out the "no issues" placeholder', () => {
    const outcome = toOutcome([
      makeIssue('base.required-missing', 'Flag.code', { element: 'code', min: 1, max: 1, type: 'Flag' }),
      makeIssue('profile.display-mismatch', 'Flag.category[0].coding[0].display'),
    ]);
    expect(formatFileResult('f.json', outcome, false)).toEqual([
      'FAIL f.json',
      '  error    Flag.code                           Element "code" is required (1..1) on Flag.',
      '  warning  Flag.category[0].coding[0].display  Display does not match the code system\'s display for this code.',
    ]);
    expect(formatFileResult('f.json', toOutcome([]), true)).toEqual(['PASS f.json']);
  });

  it('does not pad past a cap, so one long path does not push every message right', () => {
    const long = `Bundle.entry[12].resource.contained[0].agent[0].role[0].coding[0].system`;
    const outcome = toOutcome([makeIssue('base.extension-url', long), makeIssue('base.extension-url', 'Flag.extension[0]')]);
    const [, first, second] = formatFileResult('f.json', outcome, false);
    expect(first).toBe(`  error    ${long}  Every extension must have a url.`);
    expect(second).toBe(`  error    ${'Flag.extension[0]'.padEnd(48)}  Every extension must have a url.`);
  });

  it('colours PASS, FAIL and severities only with the colour style', () => {
    const outcome = toOutcome([makeIssue('base.extension-url', 'Flag.extension[0]')]);
    expect(formatFileResult('f.json', outcome, false, colourStyle)[0]).toBe('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m f.json');
    expect(formatFileResult('f.json', outcome, false, plainStyle).join('\n')).not.toContain('\u001b[');
  });
});

describe('formatUnreadable', () => {
  it('reports a file that could not be read as a fatal FAIL', () => {
    expect(formatUnreadable('x.json', 'The file could not be read (EACCES).')).toEqual(['FAIL x.json', '  fatal    -  The file could not be read (EACCES).']);
  });
});

describe('formatSummary', () => {
  it.each([
    [1, 0, '1 file: 1 valid, 0 invalid'],
    [0, 1, '1 file: 0 valid, 1 invalid'],
    [6, 14, '20 files: 6 valid, 14 invalid'],
  ])('%i valid and %i invalid read "%s"', (valid, invalid, expected) => {
    expect(formatSummary(valid, invalid)).toBe(expected);
  });
});
