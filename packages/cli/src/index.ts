export { runCli, mainHelp } from './run-cli.js';
export { validateCommand, validateHelp, type ValidateCommandOptions } from './validate-command.js';
export { exitCode, type CliIo, type OutputStream } from './cli-io.js';
export { convertCommand, convertHelp, convertText, type ConvertCommandOptions } from './convert-command.js';
export { parseConvertArgs, type ConvertArgs, type ConvertFormat, type ConvertSource } from './convert-args.js';
