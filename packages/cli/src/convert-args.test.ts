import { describe, expect, it } from 'vitest';
import { parseConvertArgs } from './convert-args.js';

describe('parseConvertArgs', () => {
  it.each([
    ['--from and a path', ['--from', 'stu3', 'a.json'], { kind: 'run', from: 'stu3', format: 'result', path: 'a.json' }],
    ['the path first', ['a.json', '--from', 'stu3'], { kind: 'run', from: 'stu3', format: 'result', path: 'a.json' }],
    ['--from=stu3', ['--from=stu3', 'a.json'], { kind: 'run', from: 'stu3', format: 'result', path: 'a.json' }],
    ['--format outcome', ['--from', 'stu3', '--format', 'outcome', 'a.json'], { kind: 'run', from: 'stu3', format: 'outcome', path: 'a.json' }],
    ['--format=result', ['--format=result', '--from', 'stu3', 'a.json'], { kind: 'run', from: 'stu3', format: 'result', path: 'a.json' }],
    ['"-" for standard input', ['--from', 'stu3', '-'], { kind: 'run', from: 'stu3', format: 'result', path: '-' }],
    ['a path that looks like an option after "--"', ['--from', 'stu3', '--', '--help'], { kind: 'run', from: 'stu3', format: 'result', path: '--help' }],
    ['-h', ['-h'], { kind: 'help' }],
    ['--help among problems', ['--from', 'r5', '--bogus', '--help'], { kind: 'help' }],
  ])('reads %s', (_label, args, expected) => {
    expect(parseConvertArgs(args)).toEqual(expected);
  });

  it.each([
    ['nothing', [], 'say which version the payload is in: --from stu3'],
    ['no --from', ['a.json'], 'say which version the payload is in: --from stu3'],
    ['--from r4', ['--from', 'r4', 'a.json'], 'cannot convert --from "r4": the only version supported is stu3'],
    ['--from STU3 (versions are lower case)', ['--from', 'STU3', 'a.json'], 'cannot convert --from "STU3": the only version supported is stu3'],
    ['--from without a value', ['a.json', '--from'], '--from needs a value'],
    ['--format json', ['--from', 'stu3', '--format', 'json', 'a.json'], 'unknown --format "json": use result or outcome'],
    ['no path', ['--from', 'stu3'], 'name the file to convert, or - for standard input'],
    ['two paths', ['--from', 'stu3', 'a.json', 'b.json'], 'convert takes one file at a time, not 2'],
    ['an unknown option', ['--from', 'stu3', '--exit-zero', '-x', 'a.json'], 'unknown option --exit-zero, -x'],
  ])('rejects %s', (_label, args, message) => {
    expect(parseConvertArgs(args)).toEqual({ kind: 'usage-error', message });
  });
});
