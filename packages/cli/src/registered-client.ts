import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JWK } from 'jose';
import { asPrivateJwk, isClientAlgorithm, type ClientAlgorithm } from './client-jwk.js';

/** Where the reference server keeps its registry and the demo clients' private keys (see services/reference-server/docs/clients.md). */
export const CLIENTS_FILE = 'clients.json';
export const DEMO_KEYS_DIR = 'demo';

export interface SigningClient {
  readonly clientId: string;
  readonly alg: ClientAlgorithm;
  readonly privateJwk: JWK & { readonly kid: string };
}

export type SigningClientResult = { readonly ok: true; readonly client: SigningClient } | { readonly ok: false; readonly message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(file: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { ok: false, message: `${file}: cannot read it${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: `${file}: not valid JSON` };
  }
}

/** The algorithms a key of this type can sign with. */
const fitsKey = (alg: ClientAlgorithm, jwk: JWK): boolean => (alg.startsWith('ES') ? jwk.kty === 'EC' : jwk.kty === 'RSA');

/**
 * The client's algorithm from `clients.json` and its private key (by default the demo key the server
 * wrote, `demo/<client id>.private.json`). The key's own `alg` is used when the registry allows it;
 * otherwise the first registered algorithm that fits the key type.
 */
export async function loadSigningClient(dataDir: string, clientId: string, keyFile?: string): Promise<SigningClientResult> {
  const registryFile = path.join(dataDir, CLIENTS_FILE);
  const registry = await readJson(registryFile);
  if (!registry.ok) return registry;
  const clients = isRecord(registry.value) ? registry.value['clients'] : undefined;
  if (!Array.isArray(clients)) return { ok: false, message: `${registryFile}: has no "clients" list` };
  const entry: unknown = clients.find((c: unknown) => isRecord(c) && c['clientId'] === clientId);
  if (!isRecord(entry)) return { ok: false, message: `${registryFile}: no client "${clientId}" is registered` };
  const algorithms = Array.isArray(entry['algorithms']) ? entry['algorithms'].filter(isClientAlgorithm) : [];

  const file = keyFile ?? path.join(dataDir, DEMO_KEYS_DIR, `${clientId}.private.json`);
  const keyJson = await readJson(file);
  if (!keyJson.ok) return keyJson;
  const jwk = asPrivateJwk(keyJson.value);
  if (jwk === undefined) return { ok: false, message: `${file}: not a private JWK` };
  const kid = jwk.kid;
  if (typeof kid !== 'string' || kid === '') return { ok: false, message: `${file}: the key has no kid` };

  const own = isClientAlgorithm(jwk.alg) && algorithms.includes(jwk.alg) ? jwk.alg : undefined;
  const alg = own ?? algorithms.find((a) => fitsKey(a, jwk));
  if (alg === undefined) return { ok: false, message: `${registryFile}: client "${clientId}" has no algorithm registered for its ${jwk.kty} key` };
  return { ok: true, client: { clientId, alg, privateJwk: { ...jwk, kid } } };
}
