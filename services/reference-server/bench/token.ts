import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { signClientAssertion } from '../src/auth/sign-client-assertion.js';
import { CLIENTS_FILE, DEMO_KEYS_DIR } from '../src/auth/demo-clients.js';

/** The demo GP system acting for a user who may read and change flags: the bench's caller. */
export const BENCH_CLIENT = 'demo-gp-riverside';
const BENCH_USER = { id: '555086415105', name: 'Dr Bench', roleCode: 'R8000', activities: ['B0257', 'B0380'] };

/**
 * A fresh access token, the way any client gets one: a client assertion signed with the demo
 * client's private key, exchanged at the token endpoint. Tokens live at most five minutes, so
 * the bench takes a new one before each measured run.
 */
export async function benchToken(serverUrl: string, dataDir: string): Promise<string> {
  const registry = JSON.parse(readFileSync(join(dataDir, CLIENTS_FILE), 'utf8')) as { clients: { clientId: string; algorithms: string[] }[] };
  const alg = registry.clients.find((client) => client.clientId === BENCH_CLIENT)?.algorithms[0];
  if (alg !== 'ES384' && alg !== 'RS384' && alg !== 'RS512') throw new Error(`${BENCH_CLIENT} is not registered with a usable algorithm`);
  const privateJwk = JSON.parse(readFileSync(join(dataDir, DEMO_KEYS_DIR, `${BENCH_CLIENT}.private.json`), 'utf8')) as JWK;
  const tokenUrl = `${serverUrl}/oauth2/token`;
  const assertion = await signClientAssertion({ clientId: BENCH_CLIENT, privateJwk, alg, tokenUrl, user: BENCH_USER });
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (body.access_token === undefined) throw new Error(`the token endpoint answered ${response.status}: ${body.error_description ?? 'no token'}`);
  return body.access_token;
}
