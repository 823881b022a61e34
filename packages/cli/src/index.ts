export { runCli, mainHelp } from './run-cli.js';
export { validateCommand, validateHelp, type ValidateCommandOptions } from './validate-command.js';
export { exitCode, type CliIo, type OutputStream } from './cli-io.js';
