import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RaflagClient, type AssertionAlgorithm, type PrivateKeyInput, type RequestingUser } from '@raflag/client';
import { credentialsFromServerDataDir } from '@raflag/lhcre-simulator';
import { loadConfig, startServer, type RunningServer } from '@raflag/reference-server';

/**
 * The setup the server examples share: a reference server in this process, in a fresh data
 * directory, with its demo data on (so the demo patients, the demo clients and their private keys
 * exist). Against a server someone else runs you need none of this: a `RaflagClient` with its FHIR
 * base, your registered client id, your private key and the algorithm your registration pins.
 */

/** A sharing agreement as `sharing-agreements.json` holds it (services/reference-server/docs/sharing-agreements.md). */
export interface SharingAgreementFile {
  readonly clientId: string;
  readonly organisation: { readonly odsCode: string; readonly name: string };
  readonly mode?: 'opt-in' | 'opt-out';
  readonly mayRead: readonly string[];
  readonly notificationEndpoint: string;
}

export interface LocalServerOptions {
  /** Where the server keeps its database and keys; a new temporary directory (removed on stop) by default. */
  readonly dataDir?: string | undefined;
  /**
   * Written as `sharing-agreements.json` before the server starts. None by default: left to itself
   * the demo would name simulators on ports 8091 and 8092, and these examples should post to no one
   * they did not start.
   */
  readonly sharingAgreements?: readonly SharingAgreementFile[] | undefined;
}

export interface LocalServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  /** A demo client's private key and the algorithm `clients.json` registers for it. */
  credentials(clientId: string): { readonly privateKey: PrivateKeyInput; readonly alg: AssertionAlgorithm };
  /** A client signed in as a demo client, optionally naming its end user. */
  clientFor(clientId: string, user?: RequestingUser): RaflagClient;
  /** Stops the server and removes the data directory if this module made it. */
  stop(): Promise<void>;
}

/** Dr Ruth Adebayo at Riverside Medical Centre: reads details (B0257) and writes (B0380). */
export const RIVERSIDE_GP: RequestingUser = { id: '555086415105', name: 'Dr Ruth Adebayo', role: 'R8000', activities: ['B0257', 'B0380'] };

/** Who recorded an item: the same GP, at the organisation the `demo-gp-riverside` client belongs to. */
export function recordedByRiversideGp(when = new Date().toISOString()) {
  return {
    practitioner: { sdsId: '555086415105', name: 'Dr Ruth Adebayo' },
    organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
    role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
    when,
  };
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'raflag-example-'));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'sharing-agreements.json'), JSON.stringify({ agreements: options.sharingAgreements ?? [] }, null, 2));

  // loadConfig reads the same variables as the `raflag-server` command; port 0 picks a free port.
  const loaded = loadConfig({ RAFLAG_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', RAFLAG_DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.error);
  const server = await startServer(loaded.config);

  const credentials = (clientId: string) => {
    const found = credentialsFromServerDataDir(dataDir, clientId);
    if (!found.ok) throw new Error(found.message);
    return { privateKey: found.privateKey, alg: found.alg };
  };

  return {
    server,
    dataDir,
    credentials,
    clientFor(clientId, user) {
      return new RaflagClient({ baseUrl: server.fhirBaseUrl, clientId, ...credentials(clientId), ...(user === undefined ? {} : { user }) });
    },
    async stop() {
      await server.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
