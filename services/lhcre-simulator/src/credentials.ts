import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssertionAlgorithm } from '@raflag/client';
import type { JWK } from 'jose';

export type Credentials = { readonly ok: true; readonly privateKey: JWK; readonly alg: AssertionAlgorithm } | { readonly ok: false; readonly message: string };

const ALGORITHMS: readonly AssertionAlgorithm[] = ['RS384', 'ES384', 'RS512'];

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/**
 * A demo LHCRE's key and algorithm, from a reference server's data directory: the private key
 * the server wrote in `demo/<clientId>.private.json` and the first algorithm `clients.json`
 * registers for it. A real LHCRE holds its own key and registers only the public half.
 */
export function credentialsFromServerDataDir(dataDir: string, clientId: string): Credentials {
  try {
    const registry = readJson(join(dataDir, 'clients.json')) as { clients?: { clientId?: string; algorithms?: string[] }[] };
    const alg = registry.clients?.find((client) => client.clientId === clientId)?.algorithms?.[0];
    if (alg === undefined || !(ALGORITHMS as readonly string[]).includes(alg)) return { ok: false, message: `${join(dataDir, 'clients.json')} registers no usable algorithm for ${clientId}` };
    const privateKey = readJson(join(dataDir, 'demo', `${clientId}.private.json`)) as JWK;
    return { ok: true, privateKey, alg: alg as AssertionAlgorithm };
  } catch (error) {
    return { ok: false, message: `cannot read ${clientId}'s demo key from ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}` };
  }
}

/** A private JWK file and an algorithm named on the command line. */
export function credentialsFromKeyFile(file: string, alg: string): Credentials {
  if (!(ALGORITHMS as readonly string[]).includes(alg)) return { ok: false, message: `--alg must be one of ${ALGORITHMS.join(', ')}` };
  try {
    return { ok: true, privateKey: readJson(file) as JWK, alg: alg as AssertionAlgorithm };
  } catch (error) {
    return { ok: false, message: `cannot read the key file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}` };
  }
}
