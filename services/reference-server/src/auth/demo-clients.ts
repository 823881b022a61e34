import { constants } from 'node:fs';
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { AssertionAlgorithm, ClientRegistryFile, RegisteredJwk } from './client-registry.js';
import { clientRegistrySchema } from './client-registry.js';

export const CLIENTS_FILE = 'clients.json';
export const DEMO_KEYS_DIR = 'demo';

type DemoClient = Omit<ClientRegistryFile['clients'][number], 'jwks' | 'jwksUri'> & { readonly keyAlg: AssertionAlgorithm };

const CLINICAL_SCOPES = ['system/Flag.cruds', 'system/Condition.cruds', 'system/Consent.cruds', 'system/Provenance.rs', 'system/Patient.cruds', 'system/AuditEvent.rs'];
const LHCRE_SCOPES = ['system/Flag.rs', 'system/Condition.rs', 'system/Consent.rs', 'system/Patient.rs', 'system/Provenance.rs'];
const ALL_ACTIVITIES = ['B0264', 'B0257', 'B0380'] as const;

/** Plausible but fictional registrations: ODS-shaped codes (practice: letter + 5 digits; trust: 3 characters). */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    clientId: 'demo-gp-riverside',
    kind: 'clinical-system',
    organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
    algorithms: ['ES384'],
    keyAlg: 'ES384',
    scopes: CLINICAL_SCOPES,
    roles: [...ALL_ACTIVITIES],
  },
  {
    clientId: 'demo-hospital-york',
    kind: 'clinical-system',
    organisation: { odsCode: 'RCB', name: 'York and Scarborough Teaching Hospitals' },
    algorithms: ['RS384', 'RS512'],
    keyAlg: 'RS384',
    scopes: CLINICAL_SCOPES,
    roles: [...ALL_ACTIVITIES],
  },
  {
    clientId: 'demo-lhcre-yhcr',
    kind: 'lhcre',
    organisation: { odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' },
    algorithms: ['RS512'],
    keyAlg: 'RS512',
    scopes: LHCRE_SCOPES,
    roles: [],
  },
  {
    clientId: 'demo-lhcre-wessex',
    kind: 'lhcre',
    organisation: { odsCode: 'QRL', name: 'Wessex Care Record' },
    algorithms: ['ES384'],
    keyAlg: 'ES384',
    scopes: LHCRE_SCOPES,
    roles: [],
  },
  {
    // The practice's information governance lead: reads the audit trail, never clinical data.
    clientId: 'demo-auditor-riverside',
    kind: 'auditor',
    organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
    algorithms: ['ES384'],
    keyAlg: 'ES384',
    scopes: ['system/AuditEvent.rs'],
    roles: ['auditor'],
  },
];

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export type WriteDemoClientsResult =
  | { ok: true; created: true; clientIds: readonly string[] }
  | { ok: true; created: false; reason: 'clients.json exists' }
  | { ok: false; message: string };

/**
 * Registers the demo clients with fresh key pairs when the data directory has no client registry yet.
 * An existing `clients.json` is never touched: it may be a real registry.
 */
export async function writeDemoClients(dataDir: string): Promise<WriteDemoClientsResult> {
  const clientsFile = join(dataDir, CLIENTS_FILE);
  const keysDir = join(dataDir, DEMO_KEYS_DIR);
  if (await exists(clientsFile)) return { ok: true, created: false, reason: 'clients.json exists' };
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const clients: ClientRegistryFile['clients'] = [];
  const privateKeys: { clientId: string; jwk: JWK }[] = [];
  for (const { keyAlg, ...demo } of DEMO_CLIENTS) {
    const { publicKey, privateKey } = await generateKeyPair(keyAlg, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
    clients.push({ ...demo, jwks: { keys: [{ ...publicJwk, kid, alg: keyAlg, use: 'sig' } as RegisteredJwk] } });
    privateKeys.push({ clientId: demo.clientId, jwk: { ...(await exportJWK(privateKey)), kid, alg: keyAlg, use: 'sig' } });
  }
  const registry = clientRegistrySchema.safeParse({ clients });
  if (!registry.success) return { ok: false, message: `demo client registry does not validate: ${registry.error.message}` };
  try {
    // `wx` fails when the file exists, so a registry someone wrote in the meantime is never overwritten.
    await writeFile(clientsFile, `${JSON.stringify({ clients }, null, 2)}\n`, { flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode: 0o644 });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return { ok: true, created: false, reason: 'clients.json exists' };
    return { ok: false, message: `${clientsFile}: cannot write the demo client registry` };
  }
  for (const { clientId, jwk } of privateKeys) {
    const file = join(keysDir, `${clientId}.private.json`);
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { ok: true, created: true, clientIds: clients.map((c) => c.clientId) };
}
