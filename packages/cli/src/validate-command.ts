import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { hasErrors, validateText } from '@raflag/core';
import { exitCode, wantsColour, type CliIo } from './cli-io.js';
import { walkJsonFiles, type WalkEntry } from './find-json-files.js';
import { colourStyle, plainStyle } from './format-human.js';
import { mapOrdered } from './map-ordered.js';
import { parseOptions } from './parse-options.js';
import { createProgress, noProgress, type ProgressOptions } from './progress.js';
import { readAll, STDIN_PATH, unreadableReason } from './read-input.js';
import {
  humanReporter,
  jsonReporter,
  outcomeReporter,
  validateFormats,
  type FileResult,
  type ValidateFormat,
  type ValidateReporter,
} from './validate-reporters.js';

export const validateHelp = `Usage: raflag validate [options] <file, folder or ->...

Validates FHIR R4 JSON payloads: JSON syntax (with line and column), base R4 rules,
the national Reasonable Adjustment Flag profiles, terminology and business rules.
Folders are searched recursively for *.json files, in name order; node_modules and
folders whose names start with "." are skipped. Files named on the command line are
validated whatever their extension; "-" reads one payload from standard input.

By default prints PASS or FAIL for each file, one line per issue (severity, FHIRPath,
message), then a summary; colour only when standard output is a terminal and NO_COLOR
is not set. Messages never repeat values from the files. Results are written as each
file is checked, so folders of tens of thousands of files are fine.

Options:
  --format human|json|outcome
               human (the default): the report described above.
               json: one JSON document, {"files": [{"path", "valid", "issues"}...],
               "summary": {"files", "valid", "invalid"}}.
               outcome: a FHIR Bundle (type collection) with one OperationOutcome per
               file; each entry names its file (fullUrl, and a source-file extension).
  --progress   Show a count of files checked on standard error even when it is not a
               terminal (on a terminal it is shown anyway). Never written to stdout.
  --exit-zero  Exit 0 even when files are invalid, for demos and for pipelines that
               only want the report. Usage errors still exit 2.
  -h, --help   Show this help.

Exit codes:
  0  every file is valid (warnings are allowed), or --exit-zero was given
  1  at least one file has an error or could not be read
  2  usage error: no paths, an unknown option or format, a path that does not
     exist or cannot be read, or no .json files found (message on stderr)

Examples:
  raflag validate bundle.json
  raflag validate payloads/ extra/flag.json
  raflag validate --format json payloads/ > report.json
  raflag validate --format outcome --progress payloads/ > outcomes.json
  cat bundle.json | raflag validate -
  raflag validate --exit-zero packages/core/src/__fixtures__/national
`;

export interface ValidateCommandOptions {
  /** The validator; tests substitute their own to control the outcome. */
  readonly validate?: typeof validateText;
  /** Files read at once; the results still come out in walk order. */
  readonly concurrency?: number;
  readonly progress?: ProgressOptions;
}

const DEFAULT_CONCURRENCY = 16;

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag validate: ${message}\nRun "raflag validate --help" for usage.\n`);
  return exitCode.usage;
};

const isFormat = (value: string): value is ValidateFormat => (validateFormats as readonly string[]).includes(value);

type Target = { readonly kind: 'stdin' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'folder'; readonly path: string };
type Item = WalkEntry | { readonly kind: 'stdin' };

/** Every path is checked before anything is validated, so a typo does not produce half a report. */
async function checkTargets(paths: readonly string[]): Promise<{ ok: true; targets: Target[] } | { ok: false; message: string }> {
  const targets: Target[] = [];
  const missing: string[] = [];
  const unreadable: string[] = [];
  for (const target of paths) {
    if (target === STDIN_PATH) {
      targets.push({ kind: 'stdin' });
      continue;
    }
    const info = await stat(target).catch(() => undefined);
    if (info === undefined) {
      missing.push(target);
      continue;
    }
    const folder = info.isDirectory();
    const readable = await access(target, folder ? constants.R_OK | constants.X_OK : constants.R_OK).then(() => true, () => false);
    if (!readable) unreadable.push(target);
    else targets.push({ kind: folder ? 'folder' : 'file', path: target });
  }
  if (missing.length > 0) return { ok: false, message: `no such file or folder: ${missing.join(', ')}` };
  if (unreadable.length > 0) return { ok: false, message: `cannot read ${unreadable.join(', ')}` };
  return { ok: true, targets };
}

async function* items(targets: readonly Target[]): AsyncGenerator<Item> {
  for (const target of targets) {
    if (target.kind === 'folder') yield* walkJsonFiles(target.path);
    else yield target.kind === 'stdin' ? target : { kind: 'file', path: target.path };
  }
}

const unreadableResult = (label: string, reason: string, file?: string): FileResult => ({
  label,
  ...(file === undefined ? {} : { file }),
  valid: false,
  outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'fatal', code: 'exception', details: { text: reason } }] },
});

function reporterFor(format: ValidateFormat, io: CliIo, beforeWrite: () => void): ValidateReporter {
  if (format === 'json') return jsonReporter(io.stdout);
  if (format === 'outcome') return outcomeReporter(io.stdout);
  return humanReporter(io.stdout, wantsColour(io) ? colourStyle : plainStyle, beforeWrite);
}

/** `raflag validate <files, folders or ->`; resolves to the process exit code. */
export async function validateCommand(args: readonly string[], io: CliIo, options: ValidateCommandOptions = {}): Promise<number> {
  const validate = options.validate ?? validateText;
  const parsed = parseOptions(args, { format: 'value', progress: 'flag', 'exit-zero': 'flag' });
  if (parsed.kind === 'help') {
    io.stdout.write(validateHelp);
    return exitCode.valid;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);
  const format = parsed.values['format'] ?? 'human';
  if (!isFormat(format)) return usageError(io, `unknown --format "${format}": use ${validateFormats.join(', ')}`);
  const paths = parsed.positionals;
  if (paths.length === 0) return usageError(io, 'name at least one JSON file or folder to validate, or - for standard input');
  if (paths.filter((p) => p === STDIN_PATH).length > 1) return usageError(io, 'standard input (-) can be named only once');

  const checked = await checkTargets(paths);
  if (!checked.ok) return usageError(io, checked.message);
  const { targets } = checked;

  const walksFolders = targets.some((t) => t.kind === 'folder');
  const progress = walksFolders && (parsed.flags.has('progress') || io.stderr.isTTY === true) ? createProgress(io.stderr, options.progress) : noProgress;
  // The progress line and the human report share a terminal only when both streams are one.
  const reporter = reporterFor(format, io, () => progress.clear());

  const check = async (item: Item): Promise<FileResult> => {
    if (item.kind === 'unreadable') return unreadableResult(item.path, item.reason);
    let text: string;
    if (item.kind === 'stdin') text = io.stdin === undefined ? '' : await readAll(io.stdin);
    else {
      try {
        text = await readFile(item.path, 'utf8');
      } catch (error) {
        return unreadableResult(item.path, unreadableReason(error), item.path);
      }
    }
    const outcome = validate(text);
    const base = { valid: !hasErrors(outcome), outcome };
    return item.kind === 'stdin' ? { label: '<stdin>', ...base } : { label: item.path, file: item.path, ...base };
  };

  let valid = 0;
  let invalid = 0;
  for await (const result of mapOrdered(items(targets), options.concurrency ?? DEFAULT_CONCURRENCY, check)) {
    if (result.valid) valid++;
    else invalid++;
    reporter.file(result);
    progress.update(valid + invalid, invalid);
  }
  if (valid + invalid === 0) {
    progress.finish(0, 0);
    return usageError(io, `no .json files found in ${paths.join(', ')}`);
  }
  progress.finish(valid + invalid, invalid);
  reporter.finish({ valid, invalid });
  return invalid > 0 && !parsed.flags.has('exit-zero') ? exitCode.invalid : exitCode.valid;
}
