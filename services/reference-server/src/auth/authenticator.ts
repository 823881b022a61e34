import type { ClientPrincipal } from './principal.js';
import { verifyAccessToken, type AccessTokenFailure } from './access-token.js';
import { fhirAudience, type Security } from './security.js';

export type Authentication = { readonly ok: true; readonly principal: ClientPrincipal } | { readonly ok: false; readonly reason: AccessTokenFailure | 'missing' };

interface Verified {
  readonly principal: ClientPrincipal;
  /** Seconds since the epoch. */
  readonly exp: number;
}

/** Verified tokens kept; a busy LHCRE reuses one token for every call in its five minutes. */
const CACHE_LIMIT = 10_000;
const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i;

/**
 * Turns the Authorization header into a caller. The signature check (ECDSA P-384) costs far more
 * than the rest of a read, so a token's verification is remembered until the token expires:
 * the cache is keyed by the exact token text, so only a byte-identical token is ever trusted
 * without checking, and its expiry is still checked on every request.
 */
export class Authenticator {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly security: Security,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(header: string | undefined): Promise<Authentication> {
    const match = header === undefined ? null : BEARER.exec(header.trim());
    const token = match?.[1];
    if (token === undefined) return { ok: false, reason: 'missing' };
    const nowSeconds = this.now().getTime() / 1000;
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.exp > nowSeconds) return { ok: true, principal: known.principal };
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    const result = await verifyAccessToken(token, this.security.serverKeys, { issuer: this.security.publicUrl, audience: fhirAudience(this.security), now: () => this.now().getTime() });
    if (!result.ok) return result;
    const exp = expiryOf(token);
    if (exp !== undefined) {
      if (this.verified.size >= CACHE_LIMIT) this.evictExpired(nowSeconds);
      if (this.verified.size < CACHE_LIMIT) this.verified.set(token, { principal: result.principal, exp });
    }
    return result;
  }

  private evictExpired(nowSeconds: number): void {
    for (const [token, entry] of this.verified) if (entry.exp <= nowSeconds) this.verified.delete(token);
  }
}

/** The `exp` of a token whose signature was just verified. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}
