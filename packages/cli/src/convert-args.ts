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

const valuedOptions = ['--from', '--format'] as const;
type ValuedOption = (typeof valuedOptions)[number];

const isValued = (name: string): name is ValuedOption => (valuedOptions as readonly string[]).includes(name);
const isOneOf = <T extends string>(choices: readonly T[], value: string): value is T => (choices as readonly string[]).includes(value);

/**
 * Reads `raflag convert` arguments: `--from X` or `--from=X`, `--format X` or `--format=X`,
 * `-h`/`--help`, `--` to end the options, and `-` as a path (standard input). Help wins over
 * every other problem, as it does for `validate`; otherwise the first problem is reported.
 */
export function parseConvertArgs(args: readonly string[]): ConvertArgs {
  const paths: string[] = [];
  const unknown: string[] = [];
  const values: Partial<Record<ValuedOption, string>> = {};
  let missingValue: string | undefined;
  let help = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') optionsEnded = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (!isValued(name)) unknown.push(arg);
      else if (eq !== -1) values[name] = arg.slice(eq + 1);
      else if (i + 1 < args.length) values[name] = args[++i] ?? '';
      else missingValue ??= name;
    }
  }
  if (help) return { kind: 'help' };

  const error = (message: string): ConvertArgs => ({ kind: 'usage-error', message });
  if (unknown.length > 0) return error(`unknown option ${unknown.join(', ')}`);
  if (missingValue !== undefined) return error(`${missingValue} needs a value`);
  const from = values['--from'];
  if (from === undefined) return error('say which version the payload is in: --from stu3');
  if (!isOneOf(convertSources, from)) return error(`cannot convert --from "${from}": the only version supported is ${convertSources.join(', ')}`);
  const format = values['--format'] ?? 'result';
  if (!isOneOf(convertFormats, format)) return error(`unknown --format "${format}": use ${convertFormats.join(' or ')}`);
  const [path, ...extra] = paths;
  if (path === undefined) return error('name the file to convert, or - for standard input');
  if (extra.length > 0) return error(`convert takes one file at a time, not ${paths.length}`);
  return { kind: 'run', from, format, path };
}
