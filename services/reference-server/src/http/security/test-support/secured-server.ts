import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { NHS_NUMBER_SYSTEM } from '@raflag/core';
import type { AssertionAlgorithm } from '../../../auth/client-registry.js';
import { CLIENTS_FILE, DEMO_KEYS_DIR } from '../../../auth/demo-clients.js';
import type { EndUser } from '../../../auth/principal.js';
import { signClientAssertion } from '../../../auth/sign-client-assertion.js';
import { loadConfig } from '../../../config.js';
import { createLogger } from '../../../logger.js';
import { startServer, type RunningServer } from '../../../server.js';
import { send, type Received, type SentRequest } from '../../test-support/test-server.js';

export type DemoClientId = 'demo-gp-riverside' | 'demo-hospital-york' | 'demo-lhcre-yhcr' | 'demo-lhcre-wessex' | 'demo-auditor-riverside';
export const DEMO_CLIENT_IDS: readonly DemoClientId[] = ['demo-gp-riverside', 'demo-hospital-york', 'demo-lhcre-yhcr', 'demo-lhcre-wessex', 'demo-auditor-riverside'];

/** The demo people (demo/demo-records.ts) by what each stands for in these tests. */
export const DEMO_PATIENTS = {
  /** Given consent naming YHCR (Y56) in a permit; recorded by the GP (B82005). */
  permitted: '9990000018',
  /** Refused consent; recorded by the GP. */
  refused: '9990158398',
  /** Only a Patient, no flag and no consent. */
  noFlag: '9990237581',
  /** Given consent permitting YHCR; recorded by the hospital (RCB), not the GP. */
  hospitalRecorded: '9990316775',
  /** Given consent that denies YHCR by name; recorded by the GP. */
  deniesYhcr: '9990475156',
} as const;

/** End users a clinical system may name (ids are fictional SDS ids). */
export const USERS = {
  /** Reads details and manages the flag. */
  manager: { id: '555086415105', roleCode: 'R0260', activities: ['B0257', 'B0380'] },
  /** Reads details only. */
  reader: { id: '555086415107', roleCode: 'R0260', activities: ['B0257'] },
  /** Sees only that a flag exists. */
  existence: { id: '555086415106', roleCode: 'R8000', activities: ['B0264'] },
  /** Holds no RA activity at all. */
  none: { id: '555086415108', roleCode: 'R8000', activities: [] },
} as const satisfies Record<string, EndUser>;

export interface TokenOptions {
  readonly user?: EndUser | undefined;
  readonly purposeOfUse?: 'TREAT' | 'ETREAT' | undefined;
  readonly breakGlassReason?: string | undefined;
  /** The assertion's `aud`; the token URL unless a test is attacking it. */
  readonly audience?: string | undefined;
  readonly jti?: string | undefined;
  /** Requested scope; none asks for everything registered. */
  readonly scope?: string | undefined;
}

export interface SecuredServer {
  readonly server: RunningServer;
  /** `http://127.0.0.1:<port>/fhir` */
  readonly base: string;
  readonly tokenUrl: string;
  /** The demo client's private JWK (with its kid) and the first algorithm it is registered for. */
  demoKey(clientId: string): { readonly privateJwk: JWK; readonly alg: AssertionAlgorithm };
  /** A client assertion signed with the demo client's private key, as its registration says. */
  assertion(clientId: string, options?: TokenOptions): Promise<string>;
  /** POSTs a token request form as is. */
  tokenRequest(form: Readonly<Record<string, string>>): Promise<Received>;
  /** A fresh access token for the demo client (fails the test if the server refuses). */
  token(clientId: string, options?: TokenOptions): Promise<string>;
  /** A FHIR call, relative to the base (`/Flag?patient=…`), with the token as Bearer. */
  fhir(path: string, token: string | undefined, request?: SentRequest): Promise<Received>;
  /** The stored Patient id for an NHS number (an unrestricted store read). */
  patientId(nhsNumber: string): Promise<string>;
  /** How many AuditEvents the store holds (an unrestricted count). */
  auditCount(): Promise<number>;
  close(): Promise<void>;
}

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface RegisteredDemoClient {
  readonly clientId: string;
  readonly algorithms: readonly AssertionAlgorithm[];
}

/**
 * The reference server as `raflag-server` runs it with its defaults (demo data on, auth on), on
 * 127.0.0.1 port 0 over a fresh data directory; closed and removed by `close()`.
 */
export async function startSecuredServer(): Promise<SecuredServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'raflag-security-'));
  const loaded = loadConfig({ RAFLAG_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.error);
  const server = await startServer(loaded.config, { logger: createLogger({ level: 'silent' }), drainMs: 1_000 });
  const tokenUrl = `${server.publicUrl}/oauth2/token`;
  const registered = (JSON.parse(readFileSync(join(dataDir, CLIENTS_FILE), 'utf8')) as { clients: RegisteredDemoClient[] }).clients;
  const privateKey = (clientId: string): JWK => JSON.parse(readFileSync(join(dataDir, DEMO_KEYS_DIR, `${clientId}.private.json`), 'utf8')) as JWK;

  const demoKey = (clientId: string): { privateJwk: JWK; alg: AssertionAlgorithm } => {
    const alg = registered.find((c) => c.clientId === clientId)?.algorithms[0];
    if (alg === undefined) throw new Error(`${clientId} is not a registered demo client`);
    return { privateJwk: privateKey(clientId), alg };
  };
  const assertion = async (clientId: string, options: TokenOptions = {}): Promise<string> => {
    const { privateJwk, alg } = demoKey(clientId);
    return signClientAssertion({
      clientId,
      privateJwk,
      alg,
      tokenUrl: options.audience ?? tokenUrl,
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.purposeOfUse === undefined ? {} : { purposeOfUse: options.purposeOfUse }),
      ...(options.breakGlassReason === undefined ? {} : { breakGlassReason: options.breakGlassReason }),
      ...(options.jti === undefined ? {} : { jti: options.jti }),
    });
  };
  const tokenRequest = (form: Readonly<Record<string, string>>): Promise<Received> =>
    send(tokenUrl, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const token = async (clientId: string, options: TokenOptions = {}): Promise<string> => {
    const form: Record<string, string> = { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(clientId, options) };
    if (options.scope !== undefined) form['scope'] = options.scope;
    const answer = await tokenRequest(form);
    const accessToken = (answer.json as { access_token?: unknown } | undefined)?.access_token;
    if (answer.status !== 200 || typeof accessToken !== 'string') throw new Error(`token for ${clientId}: ${answer.status} ${answer.text}`);
    return accessToken;
  };
  const fhir = (path: string, accessToken: string | undefined, request: SentRequest = {}): Promise<Received> =>
    send(`${server.fhirBaseUrl}${path}`, {
      ...request,
      headers: { ...(accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` }), ...request.headers },
    });
  const patientId = async (nhsNumber: string): Promise<string> => {
    const page = await server.store.search({
      resourceType: 'Patient',
      conditions: [{ kind: 'token', param: 'identifier', values: [{ system: NHS_NUMBER_SYSTEM, code: nhsNumber }] }],
      sort: 'lastUpdated',
      count: 2,
    });
    const [match] = page.matches;
    if (match === undefined || page.matches.length !== 1) throw new Error(`expected one Patient with NHS number ${nhsNumber}`);
    return match.id;
  };
  return {
    server,
    base: server.fhirBaseUrl,
    tokenUrl,
    demoKey,
    assertion,
    tokenRequest,
    token,
    fhir,
    patientId,
    auditCount: () => server.store.count({ resourceType: 'AuditEvent', conditions: [] }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
