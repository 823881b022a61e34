import { SignJWT, type CryptoKey, type JWTPayload, type KeyObject } from 'jose';
import { newRequestId } from './request-id.js';

/** The signing algorithms the server accepts for client assertions; each client is pinned to one. */
export type AssertionAlgorithm = 'RS384' | 'ES384' | 'RS512';

/** The person using a clinical system, named in the assertion so the server can check and audit them. */
export interface RequestingUser {
  /** SDS user or role-profile id. */
  readonly id: string;
  readonly name?: string;
  /** SDS job role code, e.g. `R8000`. */
  readonly role?: string;
  /** NHS activity codes the user holds: `B0264`, `B0257`, `B0380`. */
  readonly activities: readonly string[];
}

export interface AssertionClaims {
  readonly clientId: string;
  readonly tokenUrl: string;
  readonly kid: string;
  readonly alg: AssertionAlgorithm;
  readonly user?: RequestingUser | undefined;
  readonly purposeOfUse?: 'TREAT' | 'ETREAT' | undefined;
  readonly breakGlassReason?: string | undefined;
  /** Epoch milliseconds. */
  readonly now: number;
}

/** The server refuses `exp` more than 300 s ahead; 240 leaves room for clock skew. */
export const ASSERTION_LIFETIME_SECONDS = 240;

function extraClaims(claims: AssertionClaims): JWTPayload {
  const extra: JWTPayload = {};
  const { user } = claims;
  if (user !== undefined) {
    extra['requesting_user'] = {
      id: user.id,
      ...(user.name === undefined ? {} : { name: user.name }),
      ...(user.role === undefined ? {} : { role: user.role }),
      activities: [...user.activities],
    };
  }
  if (claims.purposeOfUse !== undefined) extra['purpose_of_use'] = claims.purposeOfUse;
  if (claims.breakGlassReason !== undefined) extra['break_glass_reason'] = claims.breakGlassReason;
  return extra;
}

/** A private_key_jwt client assertion (RFC 7523) as SMART Backend Services asks for it. */
export async function signClientAssertion(claims: AssertionClaims, key: CryptoKey | KeyObject | Uint8Array): Promise<string> {
  const iat = Math.floor(claims.now / 1000);
  return new SignJWT(extraClaims(claims))
    .setProtectedHeader({ alg: claims.alg, kid: claims.kid, typ: 'JWT' })
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .setJti(newRequestId())
    .sign(key);
}
