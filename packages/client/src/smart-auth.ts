import { importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { signClientAssertion, type AssertionAlgorithm, type RequestingUser } from './client-assertion.js';
import { AuthError } from './errors.js';
import { discoverTokenEndpoint, globalFetch, requestToken, type FetchLike } from './token-endpoint.js';

/** A private key as a JWK (its `kid` is used), or an imported key (then pass `kid`). */
export type PrivateKeyInput = JWK | CryptoKey | KeyObject;

export interface SmartAuthOptions {
  /** The FHIR base (`https://host/fhir`); the token endpoint is discovered from it unless `tokenUrl` is given. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly privateKey: PrivateKeyInput;
  readonly alg: AssertionAlgorithm;
  /** The key id registered for this client; defaults to the JWK's `kid`. */
  readonly kid?: string;
  /** SMART scopes to ask for; the server grants at most what the client is registered for. */
  readonly scope?: string;
  readonly tokenUrl?: string;
  readonly user?: RequestingUser;
  readonly purposeOfUse?: 'TREAT' | 'ETREAT';
  /** Required by the server with purpose of use `ETREAT`. */
  readonly breakGlassReason?: string;
  /** Renew this long before the token expires, so a request never leaves with a token about to lapse. Default 30 s. */
  readonly renewBeforeSeconds?: number;
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
  readonly fetch?: FetchLike;
}

/** Something that hands out bearer tokens; the FHIR transport only needs this much. */
export interface TokenSource {
  accessToken(): Promise<string>;
  /** Drop `token` (a 401 said it is no longer good) so the next call fetches a new one. */
  invalidate(token: string): void;
}

export const DEFAULT_SCOPE = 'system/*.cruds';

interface CachedToken {
  readonly value: string;
  /** Epoch milliseconds after which a new token is fetched. */
  readonly renewAt: number;
}

function isJwk(key: PrivateKeyInput): key is JWK {
  return typeof key === 'object' && key !== null && typeof (key as { kty?: unknown }).kty === 'string';
}

/**
 * SMART Backend Services (client_credentials with a private_key_jwt assertion). The access token is
 * cached until shortly before it expires; callers that ask at the same time share one token request.
 */
export class SmartAuth implements TokenSource {
  private readonly options: SmartAuthOptions;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private key: Promise<CryptoKey | KeyObject | Uint8Array> | undefined;
  private tokenUrl: string | undefined;
  /** The scopes the server granted with the current token. */
  grantedScope: string | undefined;

  constructor(options: SmartAuthOptions) {
    this.options = options;
    this.fetch = options.fetch ?? globalFetch;
    this.now = options.now ?? Date.now;
    this.tokenUrl = options.tokenUrl;
  }

  accessToken(): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.now() < cached.renewAt) return Promise.resolve(cached.value);
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  private signingKey(): Promise<CryptoKey | KeyObject | Uint8Array> {
    const { privateKey, alg } = this.options;
    this.key ??= isJwk(privateKey)
      ? importJWK(privateKey, alg).catch((cause: unknown) => {
          this.key = undefined;
          throw new AuthError(`The private key cannot be used with ${alg}`, { cause });
        })
      : Promise.resolve(privateKey);
    return this.key;
  }

  private kid(): string {
    const { privateKey, kid } = this.options;
    const fromJwk = isJwk(privateKey) ? privateKey.kid : undefined;
    const chosen = kid ?? fromJwk;
    if (chosen === undefined || chosen === '') throw new AuthError('A kid is needed: put it in the JWK or pass options.kid');
    return chosen;
  }

  private async fetchToken(): Promise<string> {
    const { options } = this;
    const kid = this.kid();
    this.tokenUrl ??= await discoverTokenEndpoint(this.fetch, options.baseUrl);
    const started = this.now();
    const assertion = await signClientAssertion(
      {
        clientId: options.clientId,
        tokenUrl: this.tokenUrl,
        kid,
        alg: options.alg,
        user: options.user,
        purposeOfUse: options.purposeOfUse,
        breakGlassReason: options.breakGlassReason,
        now: started,
      },
      await this.signingKey(),
    );
    const token = await requestToken(this.fetch, this.tokenUrl, assertion, options.scope ?? DEFAULT_SCOPE);
    const renewBefore = (options.renewBeforeSeconds ?? 30) * 1000;
    // Counted from when the request left, so the token's real lifetime is never overestimated; a
    // token shorter-lived than the margin is used once, never cached.
    this.cached = { value: token.accessToken, renewAt: started + token.expiresInSeconds * 1000 - renewBefore };
    this.grantedScope = token.scope;
    return token.accessToken;
  }
}
