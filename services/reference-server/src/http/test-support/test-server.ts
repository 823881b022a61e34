import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Bundle, OperationOutcome } from 'fhir/r4.js';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../app.js';
import type { Limits } from '../../config.js';
import type { Logger } from '../../logger.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { AuditTrail, ServerStore, Store } from '../../store/store.js';

export interface TestServer {
  /** `http://127.0.0.1:<port>/fhir` */
  readonly base: string;
  readonly origin: string;
  readonly store: Store & AuditTrail;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly limits?: Partial<Limits>;
  readonly logger?: Logger;
  /** Wraps the real store, e.g. to make one call fail. */
  readonly wrapStore?: (store: ServerStore) => Store & AuditTrail;
}

/** A real server on 127.0.0.1, port 0, over a fresh SQLite file in a temporary directory. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-http-'));
  const real = await openSqliteStore({ file: join(dir, 'raflag.sqlite') });
  const store = options.wrapStore ? options.wrapStore(real) : real;
  const app = createApp({ store, insecureNoAuth: true, limits: options.limits, logger: options.logger });
  // Room above the app's header limit, so heads between the two get an OperationOutcome 431.
  const server: Server = createServer({ maxHeaderSize: 64 * 1024 }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    base: `${origin}/fhir`,
    origin,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FHIR_JSON = 'application/fhir+json';

export interface SentRequest {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** One request; a non-string body is sent as FHIR JSON. */
export async function send(url: string, request: SentRequest = {}): Promise<Received> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = FHIR_JSON;
  }
  const response = await fetch(url, { method: request.method ?? 'GET', headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The body as a FHIR type, for assertions (tests check `resourceType` where it matters). */
export const bodyAs = <T>(received: Received): T => received.json as T;
export const outcomeOf = (received: Received): OperationOutcome => received.json as OperationOutcome;
export const bundleOf = (received: Received): Bundle => received.json as Bundle;

/** The message ids (`details.coding[0].code`) of an OperationOutcome's issues. */
export function messageIds(received: Received): string[] {
  const outcome = outcomeOf(received);
  if (outcome?.resourceType !== 'OperationOutcome') return [];
  return outcome.issue.map((issue) => issue.details?.coding?.[0]?.code ?? '');
}
