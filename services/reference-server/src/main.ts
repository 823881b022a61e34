#!/usr/bin/env node
import { INSECURE_NO_AUTH_FLAG, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { demoRecords } from './demo/demo-records.js';
import { startServer } from './server.js';

/** What to try first, with a demo patient when the demo data is there. */
function nextSteps(fhirBaseUrl: string, withDemo: boolean): string[] {
  const lines = [`  curl -s ${fhirBaseUrl}/metadata`];
  const demo = demoRecords.find((d) => d.record?.adjustments !== undefined);
  if (withDemo && demo !== undefined) {
    lines.push(`  curl -s '${fhirBaseUrl}/PatientFlag?patient=${demo.nhsNumber}'`);
    lines.push(`  curl -s '${fhirBaseUrl}/Flag?identifier=https://fhir.nhs.uk/Id/nhs-number|${demo.nhsNumber}'`);
  }
  return lines;
}

async function main(): Promise<void> {
  const loaded = loadConfig(process.env, process.argv.slice(2));
  if (!loaded.ok) {
    process.stderr.write(`raflag-server: ${loaded.error}\n`);
    process.exit(2);
  }
  const config = loaded.config;
  if (!config.insecureNoAuth) {
    process.stderr.write(
      `raflag-server: authentication is not implemented yet, so the server only starts without it when asked: ` +
        `pass ${INSECURE_NO_AUTH_FLAG} or set RAFLAG_INSECURE_NO_AUTH=true (never on a network that carries real patient data).\n`,
    );
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel });
  logger.warn({ insecureNoAuth: true }, 'authentication is OFF: every client can read and write every record; do not use with real patient data');

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
      `raflag reference server (authentication OFF)`,
      `FHIR base URL: ${server.fhirBaseUrl}`,
      `Database: ${server.databaseFile}`,
      `Try:`,
      ...nextSteps(server.fhirBaseUrl, withDemo),
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
  // The message may name a file path; it goes to the operator's terminal, never to a client.
  process.stderr.write(`raflag-server: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
