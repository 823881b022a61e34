import { join } from 'node:path';
import { createClientKeyResolver } from './auth/client-keys.js';
import { loadClientRegistry, type ClientRegistry } from './auth/client-registry.js';
import { CLIENTS_FILE, writeDemoClients } from './auth/demo-clients.js';
import type { JtiCache } from './auth/jti-cache.js';
import type { Security } from './auth/security.js';
import { loadOrCreateServerKeys } from './auth/server-keys.js';
import { loadSharingAgreements } from './consent/sharing-agreements.js';
import { SHARING_AGREEMENTS_FILE, writeDemoSharingAgreements } from './demo/demo-sharing-agreements.js';

export type SecuritySetup = { readonly ok: true; readonly security: Security } | { readonly ok: false; readonly message: string };

const EMPTY_REGISTRY: ClientRegistry = { clients: [], byId: new Map() };

/**
 * Reads (and for the demo, first writes) what the data directory holds for access control: the
 * server's signing keys, `clients.json` and `sharing-agreements.json`. A file that is there but
 * wrong stops the server with a message naming the file and field; a missing client registry
 * stops it too unless authentication is off, because a server nobody can call is a mistake.
 */
export async function setUpSecurity(options: {
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly demo: boolean;
  readonly insecureNoAuth: boolean;
  readonly jtiCache: JtiCache;
}): Promise<SecuritySetup> {
  const { dataDir } = options;
  if (options.demo) {
    const clients = await writeDemoClients(dataDir);
    if (!clients.ok) return { ok: false, message: clients.message };
    const agreements = await writeDemoSharingAgreements(dataDir);
    if (!agreements.ok) return { ok: false, message: agreements.message };
  }
  const keys = await loadOrCreateServerKeys(dataDir);
  if (!keys.ok) return { ok: false, message: keys.message };
  const registryFile = join(dataDir, CLIENTS_FILE);
  const loaded = loadClientRegistry(registryFile);
  let registry = EMPTY_REGISTRY;
  if (loaded.ok) registry = loaded.registry;
  else if (!options.insecureNoAuth) return { ok: false, message: loaded.message };
  const sharing = await loadSharingAgreements(join(dataDir, SHARING_AGREEMENTS_FILE));
  if (!sharing.ok && sharing.reason !== 'not-found') return { ok: false, message: sharing.message };
  const agreements = sharing.ok ? sharing.agreements : [];
  for (const [index, agreement] of agreements.entries()) {
    const client = registry.byId.get(agreement.clientId);
    if (client === undefined && !options.insecureNoAuth) {
      return { ok: false, message: `${SHARING_AGREEMENTS_FILE}: agreements[${index}].clientId names no client in ${CLIENTS_FILE}` };
    }
    if (client !== undefined && client.kind !== 'lhcre') {
      return { ok: false, message: `${SHARING_AGREEMENTS_FILE}: agreements[${index}].clientId names a ${client.kind} client; sharing agreements are for LHCREs` };
    }
  }
  return {
    ok: true,
    security: { publicUrl: options.publicUrl, serverKeys: keys.keys, registry, keyResolver: createClientKeyResolver(), jtiCache: options.jtiCache, agreements },
  };
}
