import { issueId, issueProfile, type validateText } from '@raflag/core';

type OperationOutcome = ReturnType<typeof validateText>;
type Issue = OperationOutcome['issue'][number];

export interface Style {
  readonly pass: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly severity: (severity: Issue['severity'], text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const plain = (text: string): string => text;

export const plainStyle: Style = { pass: plain, fail: plain, severity: (_s, text) => text, dim: plain, bold: plain };

const sgr = (open: number, close: number) => (text: string): string => `\u001b[${open}m${text}\u001b[${close}m`;
const red = sgr(31, 39);
const green = sgr(32, 39);
const yellow = sgr(33, 39);
const cyan = sgr(36, 39);

export const colourStyle: Style = {
  pass: (text) => green(sgr(1, 22)(text)),
  fail: (text) => red(sgr(1, 22)(text)),
  severity: (severity, text) => (severity === 'fatal' || severity === 'error' ? red : severity === 'warning' ? yellow : cyan)(text),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

/** Wide enough for "warning" and "error"; the rare "information" simply runs a little longer. */
const SEVERITY_WIDTH = 7;
/** Expressions longer than this are not padded, so one long path does not push every message right. */
const EXPRESSION_WIDTH_CAP = 48;

/** The issues worth a line: the "no issues" placeholder says nothing a PASS does not. */
export const reportedIssues = (outcome: OperationOutcome): Issue[] => outcome.issue.filter((issue) => issueId(issue) !== 'ok');

/**
 * One file's result: `PASS path` or `FAIL path`, then `  severity  expression  message` for each
 * issue, with the name of the profile whose rule failed. Issues without an expression (JSON
 * syntax) show `-`; their message carries the position.
 */
export function formatFileResult(file: string, outcome: OperationOutcome, valid: boolean, style: Style = plainStyle): string[] {
  const issues = reportedIssues(outcome);
  const expressions = issues.map((issue) => issue.expression?.join(', ') ?? '-');
  const width = Math.min(EXPRESSION_WIDTH_CAP, Math.max(0, ...expressions.map((e) => e.length)));
  const lines = [valid ? `${style.pass('PASS')} ${file}` : `${style.fail('FAIL')} ${file}`];
  issues.forEach((issue, i) => {
    const severity = style.severity(issue.severity, issue.severity.padEnd(SEVERITY_WIDTH));
    const expression = style.dim((expressions[i] ?? '-').padEnd(width));
    const message = issue.details?.text ?? issue.diagnostics ?? issue.code;
    // The profile's name (the last part of its URL) is enough to read; the URL is in the outcome.
    const profile = issueProfile(issue);
    const profileNote = profile === undefined ? '' : style.dim(` [${profile.slice(profile.lastIndexOf('/') + 1)}]`);
    lines.push(`  ${severity}  ${expression}  ${message}${profileNote}`);
  });
  return lines;
}

/** A file that could not be read gets a FAIL line and the reason, in the same shape as an issue. */
export function formatUnreadable(file: string, reason: string, style: Style = plainStyle): string[] {
  return [`${style.fail('FAIL')} ${file}`, `  ${style.severity('fatal', 'fatal'.padEnd(SEVERITY_WIDTH))}  ${style.dim('-')}  ${reason}`];
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** `N files: N valid, N invalid`. */
export function formatSummary(valid: number, invalid: number, style: Style = plainStyle): string {
  const total = valid + invalid;
  const invalidText = `${invalid} invalid`;
  return `${style.bold(`${plural(total, 'file', 'files')}:`)} ${valid} valid, ${invalid > 0 ? style.fail(invalidText) : invalidText}`;
}
