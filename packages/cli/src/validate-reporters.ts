import { pathToFileURL } from 'node:url';
import type { validateText } from '@raflag/core';
import type { OutputStream } from './cli-io.js';
import { formatFileResult, formatSummary, reportedIssues, type Style } from './format-human.js';

type OperationOutcome = ReturnType<typeof validateText>;

/** One file's verdict, as every output format needs it. */
export interface FileResult {
  /** The path as the user will recognise it: as given or found by the walk, `<stdin>` for `-`. */
  readonly label: string;
  /** The file's own path, for a `file:` URL; absent for standard input. */
  readonly file?: string;
  readonly valid: boolean;
  readonly outcome: OperationOutcome;
}

export interface ValidateSummary {
  readonly valid: number;
  readonly invalid: number;
}

/**
 * Writes results as they arrive and forgets them, so memory does not grow with the number of files.
 * Nothing is written before the first file, so a run that finds no files leaves stdout empty.
 */
export interface ValidateReporter {
  file(result: FileResult): void;
  finish(summary: ValidateSummary): void;
}

export const validateFormats = ['human', 'json', 'outcome'] as const;
export type ValidateFormat = (typeof validateFormats)[number];

/** Names the file each OperationOutcome in an outcome Bundle is about, for standard input too. */
export const SOURCE_FILE_EXTENSION = 'https://raflag.dev/fhir/StructureDefinition/source-file';

/** `PASS`/`FAIL` blocks and a summary line; `beforeWrite` lets a progress line on the same terminal step aside. */
export function humanReporter(out: OutputStream, style: Style, beforeWrite: () => void = () => undefined): ValidateReporter {
  return {
    file(result) {
      beforeWrite();
      out.write(`${formatFileResult(result.label, result.outcome, result.valid, style).join('\n')}\n`);
    },
    finish({ valid, invalid }) {
      beforeWrite();
      out.write(`\n${formatSummary(valid, invalid, style)}\n`);
    },
  };
}

/** A JSON array written one element at a time, between an opening and a closing text. */
function streamedArray(out: OutputStream, opening: string, closing: (summary: ValidateSummary) => string) {
  let started = false;
  return {
    element(json: string) {
      out.write(`${started ? ',\n' : opening}${json}`);
      started = true;
    },
    finish(summary: ValidateSummary) {
      out.write(`${started ? '\n' : opening}${closing(summary)}`);
    },
  };
}

/** `{"files": [{"path", "valid", "issues"}...], "summary": {"files", "valid", "invalid"}}`, one file per line. */
export function jsonReporter(out: OutputStream): ValidateReporter {
  const array = streamedArray(out, '{"files": [\n', ({ valid, invalid }) => `], "summary": ${JSON.stringify({ files: valid + invalid, valid, invalid })}}\n`);
  return {
    file: (result) => array.element(JSON.stringify({ path: result.label, valid: result.valid, issues: reportedIssues(result.outcome) })),
    finish: (summary) => array.finish(summary),
  };
}

/**
 * A FHIR `collection` Bundle with one OperationOutcome per file. Each entry names its file twice:
 * `fullUrl` is the file's `file:` URL (absent for standard input), and an extension holds the path
 * as the report shows it.
 */
export function outcomeReporter(out: OutputStream): ValidateReporter {
  const array = streamedArray(out, '{"resourceType": "Bundle", "type": "collection", "entry": [\n', () => ']}\n');
  return {
    file(result) {
      const entry = {
        ...(result.file === undefined ? {} : { fullUrl: pathToFileURL(result.file).href }),
        extension: [{ url: SOURCE_FILE_EXTENSION, valueString: result.label }],
        resource: result.outcome,
      };
      array.element(JSON.stringify(entry));
    },
    finish: (summary) => array.finish(summary),
  };
}
