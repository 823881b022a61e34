import type { RunningServer } from '@raflag/reference-server';
import { exitCode, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';

export const serveHelp = `Usage: raflag serve [--port N] [--host H] [--data-dir D] [--no-demo] [--insecure-no-auth]

Starts the raflag reference FHIR R4 server, the same server as
"node services/reference-server/dist/main.js", and prints its FHIR base URL.
SIGINT (Ctrl-C) or SIGTERM stop it cleanly: requests in flight finish, then the
database is closed.

Options (each overrides its environment variable):
  --port N            TCP port; 0 picks a free one (PORT, default 8080).
  --host H            Address to listen on (HOST, default 127.0.0.1).
  --data-dir D        Folder of the database, keys and clients.json
                      (RAFLAG_DATA_DIR, default ./.raflag-data).
  --no-demo           Do not load the demo patients into an empty store
                      (RAFLAG_DEMO_DATA=false).
  --insecure-no-auth  Run without authentication (RAFLAG_INSECURE_NO_AUTH=true).
                      Never on a network that carries real patient data.
  -h, --help          Show this help.

Every other setting of the server is read from the environment as the server reads it:
LOG_LEVEL, RAFLAG_MAX_BODY_BYTES, RAFLAG_MAX_COUNT, RAFLAG_READ_CACHE_SIZE and the rest
(see services/reference-server/README.md). Logs are JSON lines on standard output; the
URL and what to try go to standard error.

Exit codes:
  0  stopped cleanly after SIGINT or SIGTERM
  1  could not start (for example the port is taken), or could not stop cleanly
  2  usage error: an unknown option, or a bad value for an option or variable

Examples:
  raflag serve --insecure-no-auth
  raflag serve --port 0 --data-dir /tmp/raflag --no-demo --insecure-no-auth
  PORT=9090 LOG_LEVEL=warn raflag serve --insecure-no-auth
`;

/** Where the command learns it should stop: `process` in real life, an emitter in tests. */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ServeCommandOptions {
  readonly signals?: SignalSource;
  /** Called once the server listens; tests use it to reach the server. */
  readonly onStarted?: (server: Pick<RunningServer, 'url' | 'fhirBaseUrl'>) => void;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const INSECURE_NO_AUTH = '--insecure-no-auth';

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag serve: ${message}\nRun "raflag serve --help" for usage.\n`);
  return exitCode.usage;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The server's own environment with the options laid over it, so that `loadConfig` checks the
 * values exactly as it checks the variables (a bad --port is reported as PORT).
 */
function environment(io: CliIo, values: Readonly<Record<string, string>>, flags: ReadonlySet<string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...io.env };
  if (values['port'] !== undefined) env['PORT'] = values['port'];
  if (values['host'] !== undefined) env['HOST'] = values['host'];
  if (values['data-dir'] !== undefined) env['RAFLAG_DATA_DIR'] = values['data-dir'];
  if (flags.has('no-demo')) env['RAFLAG_DEMO_DATA'] = 'false';
  return env;
}

/** `raflag serve ...`; resolves to the process exit code once the server has stopped. */
export async function serveCommand(args: readonly string[], io: CliIo, options: ServeCommandOptions = {}): Promise<number> {
  const parsed = parseOptions(args, { port: 'value', host: 'value', 'data-dir': 'value', 'no-demo': 'flag', 'insecure-no-auth': 'flag' });
  if (parsed.kind === 'help') {
    io.stdout.write(serveHelp);
    return exitCode.valid;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);
  if (parsed.positionals.length > 0) return usageError(io, `unexpected argument ${parsed.positionals.join(' ')}`);
  for (const name of ['port', 'host', 'data-dir']) {
    if (parsed.values[name]?.trim() === '') return usageError(io, `--${name} must not be empty`);
  }

  // Loaded only here, so that validate and the other commands never open SQLite.
  const { loadConfig, startServer } = await import('@raflag/reference-server');
  const loaded = loadConfig(environment(io, parsed.values, parsed.flags), parsed.flags.has('insecure-no-auth') ? [INSECURE_NO_AUTH] : []);
  if (!loaded.ok) return usageError(io, loaded.error);
  const config = loaded.config;

  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (error) {
    // The message may name a file in the data folder; it goes to the operator's terminal only.
    io.stderr.write(`raflag serve: could not start: ${message(error)}\n`);
    return exitCode.invalid;
  }
  if (server.demo?.loaded === false && server.demo.reason === 'rejected') {
    io.stderr.write('raflag serve: the demo data was rejected by the server; stopping\n');
    await server.close();
    return exitCode.invalid;
  }

  const signals = options.signals ?? process;
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  for (const signal of STOP_SIGNALS) signals.once(signal, onSignal);
  io.stderr.write(
    [
      '',
      `raflag reference server${config.insecureNoAuth ? ' (authentication OFF: never use with real patient data)' : ''}`,
      `FHIR base URL: ${server.fhirBaseUrl}`,
      `Database: ${server.databaseFile}`,
      'Try:',
      `  curl -s ${server.fhirBaseUrl}/metadata`,
      // With authentication on, every other request needs a token; the demo clients have keys in the data folder.
      ...(config.insecureNoAuth || !config.demoData ? [] : [`  raflag token --client demo-gp-riverside --data-dir ${config.dataDir} --url ${server.url}`]),
      'Stop it with Ctrl-C.',
      '',
    ].join('\n') + '\n',
  );
  options.onStarted?.({ url: server.url, fhirBaseUrl: server.fhirBaseUrl });

  const signal = await received;
  // The other signal's listener goes too, so a second Ctrl-C during the drain ends the process at once.
  for (const other of STOP_SIGNALS) signals.off(other, onSignal);
  io.stderr.write(`raflag serve: ${signal}: finishing requests in flight, then stopping\n`);
  try {
    await server.close();
  } catch (error) {
    io.stderr.write(`raflag serve: could not stop cleanly: ${message(error)}\n`);
    return exitCode.invalid;
  }
  io.stderr.write('raflag serve: stopped\n');
  return exitCode.valid;
}
