import { stat, readFile } from 'node:fs/promises';
import { hasErrors, validateText } from '@raflag/core';
import { exitCode, wantsColour, type CliIo } from './cli-io.js';
import { findJsonFiles } from './find-json-files.js';
import { colourStyle, formatFileResult, formatSummary, formatUnreadable, plainStyle } from './format-human.js';
import { unreadableReason } from './read-input.js';

export const validateHelp = `Usage: raflag validate [options] <file or folder>...

Validates FHIR R4 JSON payloads: JSON syntax (with line and column), base R4 rules,
the national Reasonable Adjustment Flag profiles, terminology and business rules.
Folders are searched recursively for *.json files, in name order; node_modules and
folders whose names start with "." are skipped. Files named on the command line are
validated whatever their extension.

Prints PASS or FAIL for each file, one line per issue (severity, FHIRPath, message),
then a summary. Messages never repeat values from the files.

Options:
  --exit-zero  Exit 0 even when files are invalid, for demos and for pipelines that
               only want the report. Usage errors still exit 2.
  -h, --help   Show this help.

Exit codes:
  0  every file is valid (warnings are allowed), or --exit-zero was given
  1  at least one file has an error or could not be read
  2  usage error: no paths, an unknown option, a path that does not exist,
     or no .json files found

Examples:
  raflag validate bundle.json
  raflag validate payloads/ extra/flag.json
  raflag validate packages/core/src/__fixtures__/national
  raflag validate --exit-zero packages/core/src/__fixtures__/national
`;

export interface ValidateCommandOptions {
  /** The validator; tests substitute their own to control the outcome. */
  readonly validate?: typeof validateText;
}

interface Parsed {
  readonly help: boolean;
  readonly exitZero: boolean;
  readonly paths: string[];
  readonly unknown: string[];
}

function parseArgs(args: readonly string[]): Parsed {
  const paths: string[] = [];
  const unknown: string[] = [];
  let help = false;
  let exitZero = false;
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') paths.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--exit-zero') exitZero = true;
    else unknown.push(arg);
  }
  return { help, exitZero, paths, unknown };
}

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag validate: ${message}\nRun "raflag validate --help" for usage.\n`);
  return exitCode.usage;
};

/** `raflag validate <files or folders...>`; resolves to the process exit code. */
export async function validateCommand(args: readonly string[], io: CliIo, options: ValidateCommandOptions = {}): Promise<number> {
  const validate = options.validate ?? validateText;
  const { help, exitZero, paths, unknown } = parseArgs(args);
  if (help) {
    io.stdout.write(validateHelp);
    return exitCode.valid;
  }
  if (unknown.length > 0) return usageError(io, `unknown option ${unknown.join(', ')}`);
  if (paths.length === 0) return usageError(io, 'name at least one JSON file or folder to validate');

  // Every path is checked before anything is validated, so a typo does not produce half a report.
  const files: string[] = [];
  const missing: string[] = [];
  for (const target of paths) {
    const info = await stat(target).catch(() => undefined);
    if (info === undefined) missing.push(target);
    else if (info.isDirectory()) files.push(...(await findJsonFiles(target)));
    else files.push(target);
  }
  if (missing.length > 0) return usageError(io, `no such file or folder: ${missing.join(', ')}`);
  if (files.length === 0) return usageError(io, `no .json files found in ${paths.join(', ')}`);

  const style = wantsColour(io) ? colourStyle : plainStyle;
  let valid = 0;
  let invalid = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      invalid++;
      io.stdout.write(`${formatUnreadable(file, unreadableReason(error), style).join('\n')}\n`);
      continue;
    }
    const outcome = validate(text);
    const ok = !hasErrors(outcome);
    if (ok) valid++;
    else invalid++;
    io.stdout.write(`${formatFileResult(file, outcome, ok, style).join('\n')}\n`);
  }
  io.stdout.write(`\n${formatSummary(valid, invalid, style)}\n`);
  return invalid > 0 && !exitZero ? exitCode.invalid : exitCode.valid;
}
