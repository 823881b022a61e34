import { convertStu3, issueId, toOutcome, validateText, type Stu3Conversion } from '@raflag/core';
import { exitCode, wantsColour, type CliIo } from './cli-io.js';
import { parseConvertArgs } from './convert-args.js';
import {
  conversionResult,
  conversionWithOutcome,
  convertedCleanly,
  formatConversionSummary,
  toJsonText,
} from './format-conversion.js';
import { colourStyle, formatFileResult, formatUnreadable, plainStyle, reportedIssues } from './format-human.js';
import { readInput, STDIN_PATH } from './read-input.js';

export const convertHelp = `Usage: raflag convert --from stu3 [options] <file or ->

Converts one retired STU3 RARecord payload (a Flag, Consent, List or Condition, a
Bundle of them, or the $removerarecord Parameters) to the current R4 record. The path
"-" reads the payload from standard input.

Standard output gets only JSON, so it can be redirected to a file: the R4 transaction
Bundle, or {"removal": {...}} for a $removerarecord request. Standard error gets the
report, in the same form as "raflag validate": PASS or FAIL, one line per issue
(severity, FHIRPath, message) saying what was normalised and what could not be carried,
then a summary. Messages never repeat values from the payload.

Options:
  --from stu3        The version the payload is in (required; stu3 is the only one).
  --format outcome   Write {"kind", "result", "outcome"} to standard output instead:
                     the Bundle, the removal or null, and the OperationOutcome. The
                     report on standard error is then left out.
  -h, --help         Show this help.

Exit codes:
  0  converted, and nothing went wrong (warnings and notes are allowed)
  1  not JSON, unreadable, nothing in it could be converted, or part of it could
     not be carried (the errors say which; what could be carried is still written)
  2  usage error: --from missing or not stu3, no path or more than one, an unknown
     option, or a path that does not exist or is a folder

Examples:
  raflag convert --from stu3 old-list.json > new-bundle.json
  cat old-list.json | raflag convert --from stu3 - > new-bundle.json
  raflag convert --from stu3 --format outcome old-removal.json
  raflag convert --from stu3 packages/core/src/__fixtures__/national/03-list-condition-stu3-api-createList.json
`;

export interface ConvertCommandOptions {
  /** The converter; tests substitute their own, for example to make fixed fullUrls. */
  readonly convert?: (input: unknown) => Stu3Conversion;
}

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag convert: ${message}\nRun "raflag convert --help" for usage.\n`);
  return exitCode.usage;
};

const BOM = '\uFEFF';

/**
 * Converts JSON text. The text goes through `validateText` first so that broken JSON is reported
 * with its line and column exactly as `validate` reports it, and duplicate keys (which `JSON.parse`
 * resolves silently) are reported as errors next to the conversion's own issues.
 */
export function convertText(text: string, convert: (input: unknown) => Stu3Conversion): Stu3Conversion {
  const syntaxIssues = validateText(text).issue.filter((issue) => issueId(issue)?.startsWith('syntax.'));
  if (syntaxIssues.some((issue) => issue.severity === 'fatal')) return { kind: 'none', outcome: toOutcome(syntaxIssues) };
  // validateText accepted the text, so JSON.parse cannot fail, once a byte order mark (which the
  // strict parser allows and JSON.parse does not) is dropped.
  const value: unknown = JSON.parse(text.startsWith(BOM) ? text.slice(BOM.length) : text);
  const conversion = convert(value);
  if (syntaxIssues.length === 0) return conversion;
  return { ...conversion, outcome: toOutcome([...syntaxIssues, ...reportedIssues(conversion.outcome)]) };
}

/** `raflag convert --from stu3 <file or ->`; resolves to the process exit code. */
export async function convertCommand(args: readonly string[], io: CliIo, options: ConvertCommandOptions = {}): Promise<number> {
  const parsed = parseConvertArgs(args);
  if (parsed.kind === 'help') {
    io.stdout.write(convertHelp);
    return exitCode.valid;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);

  const { path, format } = parsed;
  const input = await readInput(path, io.stdin);
  if (input.kind === 'missing') return usageError(io, `no such file: ${path}`);
  if (input.kind === 'folder') return usageError(io, `${path} is a folder; name one file`);

  const label = path === STDIN_PATH ? '<stdin>' : path;
  const style = wantsColour(io, io.stderr) ? colourStyle : plainStyle;
  if (input.kind === 'unreadable') {
    io.stderr.write(`${formatUnreadable(label, input.reason, style).join('\n')}\n`);
    return exitCode.invalid;
  }

  const conversion = convertText(input.text, options.convert ?? ((value) => convertStu3(value)));
  const ok = convertedCleanly(conversion);
  if (format === 'outcome') {
    io.stdout.write(toJsonText(conversionWithOutcome(conversion)));
  } else {
    const result = conversionResult(conversion);
    if (result !== undefined) io.stdout.write(toJsonText(result));
    io.stderr.write(`${formatFileResult(label, conversion.outcome, ok, style).join('\n')}\n\n${formatConversionSummary(conversion, style)}\n`);
  }
  return ok ? exitCode.valid : exitCode.invalid;
}
