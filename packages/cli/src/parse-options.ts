/** How each option of a command is written: `flag` takes nothing, `value` takes the next argument or `=value`. */
export type OptionSpec = Readonly<Record<string, 'flag' | 'value'>>;

export type ParsedOptions =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | {
      readonly kind: 'run';
      /** Flags given, by name without the dashes. */
      readonly flags: ReadonlySet<string>;
      /** The last value given for each valued option, by name without the dashes. */
      readonly values: Readonly<Record<string, string>>;
      readonly positionals: readonly string[];
    };

/**
 * Reads a command's arguments the same way for every command: `--name value` or `--name=value`,
 * `-h`/`--help`, `--` to end the options, and `-` as a positional (standard input). Help wins over
 * every other problem, so `raflag x --bogus --help` still shows help.
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const flags = new Set<string>();
  const values: Record<string, string> = {};
  const positionals: string[] = [];
  const unknown: string[] = [];
  let missingValue: string | undefined;
  let help = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    const kind = arg.startsWith('--') ? spec[name] : undefined;
    if (kind === undefined) unknown.push(eq === -1 ? arg : arg.slice(0, eq));
    else if (kind === 'flag') {
      if (eq === -1) flags.add(name);
      else unknown.push(arg);
    } else if (eq !== -1) values[name] = arg.slice(eq + 1);
    else if (i + 1 < args.length) values[name] = args[++i] ?? '';
    else missingValue ??= `--${name}`;
  }
  if (help) return { kind: 'help' };
  if (unknown.length > 0) return { kind: 'usage-error', message: `unknown option ${unknown.join(', ')}` };
  if (missingValue !== undefined) return { kind: 'usage-error', message: `${missingValue} needs a value` };
  return { kind: 'run', flags, values, positionals };
}
