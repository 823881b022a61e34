import { createRequire } from 'node:module';
import { exitCode, type CliIo } from './cli-io.js';
import { convertCommand } from './convert-command.js';
import { keysCommand } from './keys-command.js';
import { serveCommand } from './serve-command.js';
import { suggestCommand } from './suggest-command.js';
import { tokenCommand } from './token-command.js';
import { validateCommand } from './validate-command.js';

export const mainHelp = `Usage: raflag <command> [options]

Commands:
  validate <file, folder or ->...  Validate FHIR R4 JSON payloads; human, json or outcome output
  convert --from stu3 <file|->     Convert a retired STU3 RARecord payload to an R4 Bundle
  serve                            Start the reference FHIR server
  keys generate                    Generate a client key pair and the JWKS to register
  token --client <id>              Get an access token for a registered client

Run "raflag <command> --help" for a command's options and examples.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.

Examples:
  raflag validate packages/core/src/__fixtures__/national
  raflag validate --format json payloads/ > report.json
  raflag convert --from stu3 old-list.json > new-bundle.json
  raflag serve --port 8080 --insecure-no-auth
  raflag keys generate --alg ES384 --out ./keys
  raflag token --client demo-gp-riverside --user-id 555021935107 --activities B0257
`;

const commands: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  validate: (args, io) => validateCommand(args, io),
  convert: (args, io) => convertCommand(args, io),
  serve: (args, io) => serveCommand(args, io),
  keys: (args, io) => keysCommand(args, io),
  token: (args, io) => tokenCommand(args, io),
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
  if (first === undefined) {
    io.stderr.write(mainHelp);
    return exitCode.usage;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (command === undefined) {
    const suggestion = suggestCommand(first, Object.keys(commands));
    const hint = suggestion === undefined ? '' : `Did you mean "raflag ${suggestion}"?\n`;
    io.stderr.write(`raflag: unknown command "${first}"\n${hint}Run "raflag --help" for the list of commands.\n`);
    return exitCode.usage;
  }
  return command(rest, io);
}
