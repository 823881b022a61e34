#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { credentialsFromKeyFile, credentialsFromServerDataDir } from './credentials.js';
import { startSimulator } from './simulator.js';

const USAGE = `raflag-lhcre-simulator: a stand-in regional shared care record

Usage:
  raflag-lhcre-simulator [--server URL] [--client-id ID] [--port N] [--data-file FILE]
                         (--server-data-dir DIR | --key FILE --alg ALG)

  --server           the raflag server's origin (default http://127.0.0.1:8080)
  --client-id        this LHCRE's registered client id (default demo-lhcre-yhcr)
  --server-data-dir  take the demo client's key from the server's data directory (default ./.raflag-data)
  --key, --alg       or a private JWK file and its algorithm (RS384, ES384, RS512)
  --port             where to listen for notifications (default 8091, the demo agreement's port)
  --data-file        the SQLite file for this LHCRE's copies (default ./.lhcre-<client id>.db)

Example:
  raflag-lhcre-simulator --server http://127.0.0.1:8080 --client-id demo-lhcre-yhcr --server-data-dir .raflag-data
`;

function fail(message: string): never {
  process.stderr.write(`raflag-lhcre-simulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        server: { type: 'string', default: 'http://127.0.0.1:8080' },
        'client-id': { type: 'string', default: 'demo-lhcre-yhcr' },
        'server-data-dir': { type: 'string' },
        key: { type: 'string' },
        alg: { type: 'string' },
        port: { type: 'string', default: '8091' },
        'data-file': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const clientId = values['client-id'];
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a whole number from 0 to 65535');
  const credentials =
    values.key !== undefined
      ? credentialsFromKeyFile(values.key, values.alg ?? '')
      : credentialsFromServerDataDir(values['server-data-dir'] ?? '.raflag-data', clientId);
  if (!credentials.ok) fail(credentials.message);
  const simulator = await startSimulator({
    serverUrl: values.server,
    clientId,
    privateKey: credentials.privateKey,
    alg: credentials.alg,
    port,
    dataFile: values['data-file'] ?? `.lhcre-${clientId}.db`,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stderr.write(`LHCRE simulator (${clientId}) listening: notifications at ${simulator.url}/notifications, holdings at ${simulator.url}/status\n`);
  const stop = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`raflag-lhcre-simulator: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
