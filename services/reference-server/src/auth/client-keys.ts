import { importJWK } from 'jose';
import type { CryptoKey } from 'jose';
import { publicJwkSchema } from './client-registry.js';
import type { AssertionAlgorithm, RegisteredClient, RegisteredJwk } from './client-registry.js';

/** Why no key: `no-match` / `ambiguous` come from the kid, `unavailable` from a client's JWKS URL. */
export type KeyResolution =
  | { ok: true; key: CryptoKey; kid: string }
  | { ok: false; reason: 'no-match' | 'ambiguous' | 'unavailable'; description: string };

export interface ClientKeyResolver {
  /** Finds the one registered key for `kid` whose type fits `alg`. Never consults the token header beyond these. */
  resolve(client: RegisteredClient, alg: AssertionAlgorithm, kid: string): Promise<KeyResolution>;
}

export interface ClientKeyResolverOptions {
  /** Abort a JWKS fetch after this long. */
  readonly timeoutMs?: number;
  /** An unknown kid triggers a refetch at most once per this interval per client. */
  readonly cooldownMs?: number;
  /** Refetch a JWKS this long after the last successful fetch, even when every kid is known. */
  readonly maxAgeMs?: number;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** Bigger than any sane JWKS; a client's URL answering megabytes is refused, not buffered. */
const MAX_JWKS_BYTES = 64 * 1024;

interface RemoteEntry {
  keys: readonly RegisteredJwk[] | undefined;
  fetchedAt: number;
  attemptedAt: number;
  inFlight: Promise<FetchOutcome> | undefined;
}

type FetchOutcome = { ok: true; keys: readonly RegisteredJwk[] } | { ok: false; description: string };

function fitsAlgorithm(jwk: RegisteredJwk, alg: AssertionAlgorithm): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (alg === 'ES384') return jwk.kty === 'EC' && jwk.crv === 'P-384';
  return jwk.kty === 'RSA';
}

/** Usable public signing keys from a JWKS document; anything else in the set is skipped. */
function usableKeys(document: unknown): RegisteredJwk[] | undefined {
  if (typeof document !== 'object' || document === null || !('keys' in document) || !Array.isArray(document.keys)) return undefined;
  const keys: RegisteredJwk[] = [];
  for (const candidate of document.keys as unknown[]) {
    const parsed = publicJwkSchema.safeParse(candidate);
    if (parsed.success) keys.push(parsed.data);
  }
  return keys;
}

async function fetchJwks(url: string, timeoutMs: number, fetchImpl: typeof fetch): Promise<FetchOutcome> {
  const unavailable = (why: string): FetchOutcome => ({ ok: false, description: `the client's registered jwksUri could not be used: ${why}` });
  try {
    const response = await fetchImpl(url, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return unavailable(`it answered HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) return unavailable('the answer is larger than 64 kB');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return unavailable('the answer is not JSON');
    }
    const keys = usableKeys(json);
    if (keys === undefined) return unavailable('the answer is not a JWKS ({"keys": [...]})');
    return { ok: true, keys };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return unavailable(timedOut ? `no answer within ${timeoutMs} ms` : 'the request failed');
  }
}

export function createClientKeyResolver(options: ClientKeyResolverOptions = {}): ClientKeyResolver {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? fetch;
  // Keyed by client id and URL, so re-registering a client with a new URL never serves the old set.
  const remote = new Map<string, RemoteEntry>();

  const refresh = (entry: RemoteEntry, url: string): Promise<FetchOutcome> => {
    // Concurrent assertions for the same client share one outbound request.
    if (entry.inFlight !== undefined) return entry.inFlight;
    entry.attemptedAt = now();
    entry.inFlight = fetchJwks(url, timeoutMs, fetchImpl).then((outcome) => {
      entry.inFlight = undefined;
      if (outcome.ok) {
        entry.keys = outcome.keys;
        entry.fetchedAt = now();
      } else {
        entry.keys = undefined;
      }
      return outcome;
    });
    return entry.inFlight;
  };

  const pick = async (keys: readonly RegisteredJwk[], alg: AssertionAlgorithm, kid: string): Promise<KeyResolution> => {
    const matches = keys.filter((jwk) => jwk.kid === kid && fitsAlgorithm(jwk, alg));
    if (matches.length > 1) {
      return { ok: false, reason: 'ambiguous', description: `the client's JWKS holds ${matches.length} keys with this kid usable for ${alg}; each kid must be unique` };
    }
    const [match] = matches;
    if (match === undefined) {
      const family = alg === 'ES384' ? 'an EC P-384' : 'an RSA';
      return { ok: false, reason: 'no-match', description: `no registered public key has this kid and is ${family} key usable for ${alg}; sign with a registered key and put its kid in the header` };
    }
    try {
      return { ok: true, key: (await importJWK(match, alg)) as CryptoKey, kid };
    } catch {
      return { ok: false, reason: 'no-match', description: `the registered key with this kid cannot be used for ${alg}` };
    }
  };

  return {
    async resolve(client, alg, kid) {
      if (client.jwks !== undefined) return pick(client.jwks.keys, alg, kid);
      const url = client.jwksUri;
      if (url === undefined) return { ok: false, reason: 'unavailable', description: 'the client has no registered keys' };
      const cacheKey = `${client.clientId}\u0000${url}`;
      let entry = remote.get(cacheKey);
      if (entry === undefined) {
        entry = { keys: undefined, fetchedAt: 0, attemptedAt: Number.NEGATIVE_INFINITY, inFlight: undefined };
        remote.set(cacheKey, entry);
      }
      const stale = entry.keys === undefined || now() - entry.fetchedAt >= maxAgeMs;
      const coolingDown = now() - entry.attemptedAt < cooldownMs;
      if (stale && (!coolingDown || entry.inFlight !== undefined)) {
        const outcome = await refresh(entry, url);
        if (!outcome.ok) return { ok: false, reason: 'unavailable', description: outcome.description };
      }
      if (entry.keys === undefined) {
        return { ok: false, reason: 'unavailable', description: "the client's registered jwksUri failed recently; it will be retried after a 30 s pause" };
      }
      const first = await pick(entry.keys, alg, kid);
      if (first.ok || first.reason !== 'no-match' || now() - entry.attemptedAt < cooldownMs) return first;
      // A kid we have not seen may be a key the client just rotated in: look once, then wait out the cooldown.
      const outcome = await refresh(entry, url);
      if (!outcome.ok) return { ok: false, reason: 'unavailable', description: outcome.description };
      return pick(outcome.keys, alg, kid);
    },
  };
}
