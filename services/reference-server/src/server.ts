import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createApp, FHIR_BASE_PATH } from './app.js';
import type { Config } from './config.js';
import { loadDemoData, type DemoLoad } from './demo/load-demo-data.js';
import { createLogger, type Logger } from './logger.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { ServerStore } from './store/store.js';
import { setUpSecurity } from './security-setup.js';
import { notificationSigner } from './sharing/notification-signer.js';
import { Notifier } from './sharing/notifier.js';

/** The data directory holds something the server cannot start with; the message says what and where. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export const DATABASE_FILE = 'raflag.db';

/**
 * Node refuses request heads above its `maxHeaderSize` with a bare 431 before the app sees them;
 * leaving room above the configured limit lets the app answer with an OperationOutcome instead.
 */
const HEADER_HEADROOM_BYTES = 16_384;

/** How long close() lets in-flight requests finish before it drops their connections. */
const DEFAULT_DRAIN_MS = 10_000;

export interface RunningServer {
  /** `http://HOST:PORT` with the port actually bound (PORT=0 picks a free one). */
  readonly url: string;
  /** `http://HOST:PORT/fhir`. */
  readonly fhirBaseUrl: string;
  readonly databaseFile: string;
  /** Where clients reach it (`RAFLAG_PUBLIC_URL`, or `url`): token URL and audience hang off it. */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly demo: DemoLoad | undefined;
  readonly logger: Logger;
  /** For tests and tools in the same process: the store and the LHCRE notifier. */
  readonly store: ServerStore;
  readonly notifier: Notifier;
  /** Stops accepting, lets in-flight requests finish, then closes the store. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to a JSON logger on stdout at `config.logLevel`. */
  readonly logger?: Logger | undefined;
  readonly drainMs?: number | undefined;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function stopServer(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolveStop) => {
    // Requests still running after the drain period lose their connection rather than hold shutdown forever.
    const timer = setTimeout(() => server.closeAllConnections(), drainMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolveStop();
    });
    // Keep-alive connections with no request in flight would otherwise keep close() waiting.
    server.closeIdleConnections();
  });
}

/** Opens the store in `config.dataDir`, loads the demo data when asked, and serves the app. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const databaseFile = join(dataDir, DATABASE_FILE);
  const store: ServerStore = await openSqliteStore({
    file: databaseFile,
    backgroundCheckpoint: true,
    readCache: { resources: config.readCacheSize, searches: Math.floor(config.readCacheSize / 4) },
  });
  let server: Server | undefined;
  let notifier: Notifier | undefined;
  try {
    const demo = config.demoData ? await loadDemoData(store, logger) : undefined;
    // Listen first: the token URL and the tokens' audience name the port actually bound.
    server = createServer({ maxHeaderSize: config.limits.headerBytes + HEADER_HEADROOM_BYTES });
    const address = await listen(server, config.port, config.host);
    const url = `http://${urlHost(config.host)}:${address.port}`;
    const publicUrl = (config.publicUrl ?? url).replace(/\/$/, '');
    const setup = await setUpSecurity({ dataDir, publicUrl, demo: config.demoData, insecureNoAuth: config.insecureNoAuth, jtiCache: store.jtiCache() });
    if (!setup.ok) throw new StartupError(setup.message);
    const security = setup.security;
    server.on('request', createApp({ store, logger, limits: config.limits, insecureNoAuth: config.insecureNoAuth, security }));
    notifier = new Notifier({
      outbox: store.outbox(),
      sign: notificationSigner({ signJwt: (payload, typ) => security.serverKeys.sign(payload, { typ }), issuer: publicUrl }),
      onState: (record) => logger.info({ notification: record.state, lhcre: record.lhcreClientId, attempts: record.attempts }, 'LHCRE notification'),
    });
    notifier.start();
    let closing: Promise<void> | undefined;
    const running = server;
    const runningNotifier = notifier;
    return {
      url,
      fhirBaseUrl: `${publicUrl}${FHIR_BASE_PATH}`,
      publicUrl,
      databaseFile,
      dataDir,
      demo,
      logger,
      store,
      notifier: runningNotifier,
      close() {
        closing ??= (async () => {
          await stopServer(running, options.drainMs ?? DEFAULT_DRAIN_MS);
          await runningNotifier.stop();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    server?.close();
    await notifier?.stop();
    await store.close();
    throw error;
  }
}
