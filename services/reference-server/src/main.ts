#!/usr/bin/env node
import { INSECURE_NO_AUTH_FLAG, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { demoRecords } from './demo/demo-records.js';
import { StartupError, startServer } from './server.js';

/** What to try first, with a demo patient when the demo data is there. */
function nextSteps(server: { fhirBaseUrl: string; publicUrl: string; dataDir: string }, withDemo: boolean, insecure: boolean): string[] {
  const base = server.fhirBaseUrl;
  const lines = [`  curl -s ${base}/metadata`];
  const demo = demoRecords.find((d) => d.record?.adjustments !== undefined);
  if (demo === undefined || !withDemo) return lines;
  if (insecure) {
    lines.push(`  curl -s '${base}/PatientFlag?patient=${demo.nhsNumber}'`);
    return lines;
  }
  lines.push(
    `  # a token for the demo GP system, acting for a user who may read and change flags:`,
    `  TOKEN=$(npx raflag token --client demo-gp-riverside --url ${server.publicUrl} --data-dir ${server.dataDir} --user-id 555086415105 --activities B0257,B0380)`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${base}/PatientFlag?patient=${demo.nhsNumber}'`,
  );
  return lines;
}

async function main(): Promise<void> {
  const loaded = loadConfig(process.env, process.argv.slice(2));
  if (!loaded.ok) {
    process.stderr.write(`raflag-server: ${loaded.error}\n`);
    process.exit(2);
  }
  const config = loaded.config;
  const logger = createLogger({ level: config.logLevel });
  if (config.insecureNoAuth) {
    logger.warn({ insecureNoAuth: true }, `authentication is OFF (${INSECURE_NO_AUTH_FLAG}): every client can read and write every record; do not use with real patient data`);
  }

  const server = await startServer(config, { logger });
  if (server.demo?.loaded === false && server.demo.reason === 'rejected') {
    logger.error({ demoIndex: server.demo.index, status: server.demo.status }, 'demo data was rejected; stopping');
    await server.close();
    process.exit(1);
  }
  const withDemo = server.demo?.loaded === true || server.demo?.reason === 'store-not-empty';
  logger.info({ fhirBaseUrl: server.fhirBaseUrl, demoLoaded: server.demo?.loaded ?? false }, 'listening');
  process.stderr.write(
    [
      '',
      `raflag reference server (${config.insecureNoAuth ? 'authentication OFF' : 'SMART Backend Services: every call needs a token'})`,
      `FHIR base URL: ${server.fhirBaseUrl}`,
      `Token endpoint: ${server.publicUrl}/oauth2/token`,
      `Data directory: ${server.dataDir} (database, server keys, clients.json, sharing-agreements.json${withDemo ? ', demo/ client keys' : ''})`,
      `Try:`,
      ...nextSteps(server, withDemo, config.insecureNoAuth),
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      },
      (error: unknown) => {
        logger.error({ errorType: error instanceof Error ? error.name : typeof error }, 'shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`raflag-server: cannot start: ${error.message}\n`);
    process.exit(2);
  }
  // The message may name a file path; it goes to the operator's terminal, never to a client.
  process.stderr.write(`raflag-server: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
