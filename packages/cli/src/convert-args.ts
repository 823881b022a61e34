import { parseOptions } from './parse-options.js';

/** The source versions `raflag convert --from` accepts. */
export const convertSources = ['stu3'] as const;
/** What `raflag convert` writes to stdout: the converted result (default), or result and outcome together. */
export const convertFormats = ['result', 'outcome'] as const;

export type ConvertSource = (typeof convertSources)[number];
export type ConvertFormat = (typeof convertFormats)[number];

export type ConvertArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'run'; readonly from: ConvertSource; readonly format: ConvertFormat; readonly path: string };

const isOneOf = <T extends string>(choices: readonly T[], value: string): value is T => (choices as readonly string[]).includes(value);

/**
 * Reads `raflag convert` arguments the way every command reads its options (`parseOptions`), then
 * checks what convert needs: a known `--from`, a known `--format`, and exactly one path.
 */
export function parseConvertArgs(args: readonly string[]): ConvertArgs {
  const parsed = parseOptions(args, { from: 'value', format: 'value' });
  if (parsed.kind !== 'run') return parsed;
  const { values, positionals: paths } = parsed;
  const error = (message: string): ConvertArgs => ({ kind: 'usage-error', message });
  const from = values['from'];
  if (from === undefined) return error('say which version the payload is in: --from stu3');
  if (!isOneOf(convertSources, from)) return error(`cannot convert --from "${from}": the only version supported is ${convertSources.join(', ')}`);
  const format = values['format'] ?? 'result';
  if (!isOneOf(convertFormats, format)) return error(`unknown --format "${format}": use ${convertFormats.join(' or ')}`);
  const [path, ...extra] = paths;
  if (path === undefined) return error('name the file to convert, or - for standard input');
  if (extra.length > 0) return error(`convert takes one file at a time, not ${paths.length}`);
  return { kind: 'run', from, format, path };
}
