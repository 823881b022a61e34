import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotFoundError, RaflagClient, type AssertionAlgorithm, type PrivateKeyInput } from '@raflag/client';
import { Holdings } from './holdings.js';
import { serverKeys, verifyNotification } from './notification.js';

export interface SimulatorOptions {
  /** The raflag server's origin (`http://127.0.0.1:8080`): its FHIR base is `/fhir` under it. */
  readonly serverUrl: string;
  /** This LHCRE's client id, as registered with the server and named in its sharing agreement. */
  readonly clientId: string;
  readonly privateKey: PrivateKeyInput;
  readonly alg: AssertionAlgorithm;
  /** The SQLite file the simulator keeps its copies in. */
  readonly dataFile: string;
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  /** One line per event, for the terminal; never record content. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningSimulator {
  /** `http://HOST:PORT`; notifications go to `${url}/notifications`. */
  readonly url: string;
  readonly holdings: Holdings;
  stop(): Promise<void>;
}

/** Largest notification accepted: an id-only JWT is a few hundred bytes. */
const MAX_BODY_BYTES = 16_384;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * A stand-in for a regional shared care record. It listens for raflag's id-only notifications,
 * checks each against the server's published key, pulls the record through the FHIR API with its
 * own token (where consent is checked again), keeps its own copy, and forgets it on `withdrawn`,
 * or when the pull answers 404 because consent no longer permits it. `GET /status` lists what it holds.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const log = options.log ?? (() => undefined);
  const serverUrl = options.serverUrl.replace(/\/$/, '');
  const holdings = new Holdings(options.dataFile);
  const keys = serverKeys(serverUrl);
  const client = new RaflagClient({ baseUrl: `${serverUrl}/fhir`, clientId: options.clientId, privateKey: options.privateKey, alg: options.alg });

  async function onNotification(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/jwt')) return answer(res, 415, { error: 'send the notification as application/jwt' });
    const jwt = (await readBody(req))?.trim();
    if (jwt === undefined || jwt === '') return answer(res, 400, { error: 'empty or oversized body' });
    const verified = await verifyNotification(jwt, keys, { issuer: serverUrl, audience: options.clientId });
    if (!verified.ok) {
      log(`refused a notification: ${verified.reason}`);
      return answer(res, 401, { error: 'notification not verified' });
    }
    const { notification } = verified;
    const now = new Date();
    if (!holdings.firstSight(notification.notificationId, notification.event, now)) return answer(res, 200, { status: 'already processed' });
    if (notification.event === 'withdrawn') {
      holdings.purge(notification.nhsNumber);
      log(`withdrawn: purged a record (${notification.notificationId})`);
      return answer(res, 200, { status: 'purged' });
    }
    try {
      const record = await client.getRecord(notification.nhsNumber);
      holdings.keep(notification.nhsNumber, record, notification.notificationId, now);
      log(`record-changed: pulled and kept a record (${notification.notificationId})`);
      return answer(res, 200, { status: 'kept' });
    } catch (error) {
      if (error instanceof NotFoundError) {
        // Consent no longer lets this LHCRE see the record: hold nothing.
        holdings.purge(notification.nhsNumber);
        log(`record-changed: the server answered 404, purged (${notification.notificationId})`);
        return answer(res, 200, { status: 'not permitted; purged' });
      }
      log(`record-changed: pull failed (${error instanceof Error ? error.name : 'error'}); asking the server to retry`);
      // Not seen after all: the server's retry should get another go.
      holdings.forget(notification.notificationId);
      return answer(res, 503, { error: 'could not pull the record yet' });
    }
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/notifications' && req.method === 'POST') {
      onNotification(req, res).catch(() => answer(res, 500, { error: 'internal error' }));
    } else if (path === '/status' && req.method === 'GET') {
      answer(res, 200, {
        clientId: options.clientId,
        notificationsReceived: holdings.notificationsSeen(),
        holds: holdings.list().map((holding) => ({ nhsNumber: holding.nhsNumber, pulledAt: holding.pulledAt, notificationId: holding.notificationId })),
      });
    } else {
      answer(res, 404, { error: 'POST /notifications or GET /status' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    holdings,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      holdings.close();
    },
  };
}
