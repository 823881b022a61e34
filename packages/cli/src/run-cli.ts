import { createRequire } from 'node:module';
import { exitCode, type CliIo } from './cli-io.js';
import { convertCommand } from './convert-command.js';
import { validateCommand } from './validate-command.js';

export const mainHelp = `Usage: raflag <command> [options]

Commands:
  validate <file or folder>...   Validate FHIR R4 JSON payloads (run "raflag validate --help")
  convert --from stu3 <file|->   Convert a retired STU3 RARecord payload to an R4 Bundle
                                 (run "raflag convert --help")

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.

Examples:
  raflag validate packages/core/src/__fixtures__/national
  raflag validate --exit-zero packages/core/src/__fixtures__/national
  raflag convert --from stu3 old-list.json > new-bundle.json
`;

const commands: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  validate: (args, io) => validateCommand(args, io),
  convert: (args, io) => convertCommand(args, io),
};

function version(): string {
  // package.json sits one folder above both src/ and dist/.
  const pkg = createRequire(import.meta.url)('../package.json') as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** Dispatches `raflag <command> ...`; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help') {
    io.stdout.write(mainHelp);
    return exitCode.valid;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${version()}\n`);
    return exitCode.valid;
  }
  const command = first === undefined ? undefined : commands[first];
  if (command === undefined) {
    io.stderr.write(first === undefined ? mainHelp : `raflag: unknown command "${first}"\n\n${mainHelp}`);
    return exitCode.usage;
  }
  return command(rest, io);
}
