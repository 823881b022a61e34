/**
 * Validate every JSON file in a folder, as a pilot site might check what its system sends: one line
 * per file (valid or invalid, with its error and warning counts, and the first error's FHIRPath and
 * message), then a summary. The exit code is 1 when any file has an error, so it can gate a pipeline.
 * (The `raflag validate` command does the same with more output formats; this shows the library call.)
 *
 * The default folder holds the national specifications' own example payloads, copied verbatim
 * (packages/core/src/__fixtures__/national, see its README). Most of them fail on purpose, because
 * the originals do: the 13 retired STU3 payloads (01 to 04, and the STU3 requests, responses and
 * examples in extra/) each get one error naming the STU3 converter, and the 2024 sandbox's
 * RAFlagExample2 files an Easyread code under the wrong adjustment category. The six R4 files that
 * pass still draw warnings for their own defects (`https://snomed.info/sct`, a misspelt extension
 * URL). A validator that passed them all would be wrong. So with the default folder this script
 * prints `20 files: 6 valid, 14 invalid` and exits 1.
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/validate-folder.ts [folder]
 * or: pnpm --filter @raflag/examples run validate-folder [folder]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasErrors, issueId, validateText } from '@raflag/core';

export interface ValidateFolderOptions {
  /** Default: the national fixtures. */
  readonly folder?: string;
  readonly print?: (line: string) => void;
}

export interface FileResult {
  /** Relative to the folder, with `/` separators. */
  readonly file: string;
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** The message id of the first error (`payload.stu3`, `profile.code-not-for-category`, …). */
  readonly firstError: string | undefined;
}

export interface ValidateFolderResult {
  readonly folder: string;
  readonly files: readonly FileResult[];
  readonly valid: number;
  readonly invalid: number;
  /** 0 when every file is valid, 1 otherwise. */
  readonly exitCode: 0 | 1;
}

export const NATIONAL_FIXTURES = fileURLToPath(new URL('../packages/core/src/__fixtures__/national/', import.meta.url));

/** Every `*.json` under the folder, in name order, so runs compare line by line. */
function jsonFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

export function main(options: ValidateFolderOptions = {}): ValidateFolderResult {
  const print = options.print ?? console.log;
  const folder = resolve(options.folder ?? NATIONAL_FIXTURES);
  const files: FileResult[] = [];
  for (const file of jsonFiles(folder)) {
    // validateText rather than validate(JSON.parse(…)): a syntax error or a duplicate key comes back
    // as an issue with its line and column, instead of an exception.
    const outcome = validateText(readFileSync(join(folder, file), 'utf8'));
    const errors = outcome.issue.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
    const warnings = outcome.issue.filter((issue) => issue.severity === 'warning').length;
    const first = errors[0];
    const result: FileResult = { file, valid: !hasErrors(outcome), errors: errors.length, warnings, firstError: first === undefined ? undefined : issueId(first) };
    files.push(result);
    const detail = first === undefined ? '' : `  first: ${first.expression?.[0] ?? '(whole file)'} ${issueId(first)}`;
    print(`${result.valid ? 'PASS' : 'FAIL'} ${file}  ${errors.length} errors, ${warnings} warnings${detail}`);
  }
  const valid = files.filter((file) => file.valid).length;
  const invalid = files.length - valid;
  print(`${files.length} files: ${valid} valid, ${invalid} invalid`);
  return { folder, files, valid, invalid, exitCode: invalid === 0 ? 0 : 1 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main({ folder: process.argv[2] }).exitCode;
  } catch (error) {
    // A folder that is not there is a usage error, not an invalid payload.
    console.error(`cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    process.exitCode = 2;
  }
}
