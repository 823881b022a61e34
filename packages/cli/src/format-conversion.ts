import { hasErrors, type Stu3Conversion } from '@raflag/core';
import { reportedIssues, plainStyle, type Style } from './format-human.js';

type OperationOutcome = Stu3Conversion['outcome'];

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** `N errors, N warnings, N notes`, fatal counting as an error; the "no issues" placeholder counts as nothing. */
export function formatIssueCounts(outcome: OperationOutcome): string {
  const issues = reportedIssues(outcome);
  const count = (...severities: string[]) => issues.filter((issue) => severities.includes(issue.severity)).length;
  return [plural(count('fatal', 'error'), 'error', 'errors'), plural(count('warning'), 'warning', 'warnings'), plural(count('information'), 'note', 'notes')].join(', ');
}

/** True when the conversion produced something and nothing went wrong: the only case that exits 0. */
export const convertedCleanly = (conversion: Stu3Conversion): boolean => conversion.kind !== 'none' && !hasErrors(conversion.outcome);

/** The last line of the report on stderr: what came out, and how many issues of each kind. */
export function formatConversionSummary(conversion: Stu3Conversion, style: Style = plainStyle): string {
  const counts = formatIssueCounts(conversion.outcome);
  if (conversion.kind === 'none') return `${style.fail('Not converted')}: ${counts}`;
  const what =
    conversion.kind === 'record'
      ? `Converted to an R4 transaction Bundle (${plural(conversion.bundle.entry?.length ?? 0, 'entry', 'entries')})`
      : 'Converted to a removal of the whole record';
  // A partial result is still written, so say plainly that the errors above were left behind.
  return hasErrors(conversion.outcome) ? `${style.fail(`${what}, with errors`)}: ${counts}` : `${style.bold(what)}: ${counts}`;
}

/** What stdout gets by default: the Bundle itself, `{ "removal": ... }`, or nothing at all. */
export function conversionResult(conversion: Stu3Conversion): unknown {
  if (conversion.kind === 'record') return conversion.bundle;
  if (conversion.kind === 'removal') return { removal: conversion.removal };
  return undefined;
}

/** What stdout gets with `--format outcome`: one object a program can read without the report. */
export function conversionWithOutcome(conversion: Stu3Conversion): { kind: Stu3Conversion['kind']; result: unknown; outcome: OperationOutcome } {
  const result = conversion.kind === 'record' ? conversion.bundle : conversion.kind === 'removal' ? conversion.removal : null;
  return { kind: conversion.kind, result, outcome: conversion.outcome };
}

/** Pretty JSON with a final newline, as files in editors and `> new.json` expect. */
export const toJsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
