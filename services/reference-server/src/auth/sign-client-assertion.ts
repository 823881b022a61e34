import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import type { AssertionAlgorithm } from './client-registry.js';
import type { EndUser } from './principal.js';

export interface SignClientAssertionInput {
  readonly clientId: string;
  /** The client's private JWK; its `kid` goes into the header. */
  readonly privateJwk: JWK;
  readonly alg: AssertionAlgorithm;
  readonly tokenUrl: string;
  readonly user?: EndUser;
  readonly purposeOfUse?: 'TREAT' | 'ETREAT';
  readonly breakGlassReason?: string;
  /** Seconds until `exp`; at most 300 is accepted by the server. */
  readonly lifetimeSeconds?: number;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  readonly jti?: string;
}

/** Builds the signed `client_assertion` a backend client posts to the token endpoint. */
export async function signClientAssertion(input: SignClientAssertionInput): Promise<string> {
  if (typeof input.privateJwk.kid !== 'string') throw new Error('signClientAssertion: the private JWK needs a kid');
  const key = (await importJWK(input.privateJwk, input.alg)) as CryptoKey;
  const iat = Math.floor((input.now ?? Date.now)() / 1000);
  const claims: JWTPayload = {};
  if (input.user !== undefined) {
    claims.requesting_user = {
      id: input.user.id,
      ...(input.user.name === undefined ? {} : { name: input.user.name }),
      ...(input.user.roleCode === undefined ? {} : { role: input.user.roleCode }),
      activities: [...input.user.activities],
    };
  }
  if (input.purposeOfUse !== undefined) claims.purpose_of_use = input.purposeOfUse;
  if (input.breakGlassReason !== undefined) claims.break_glass_reason = input.breakGlassReason;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: input.alg, kid: input.privateJwk.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.lifetimeSeconds ?? 240))
    .setJti(input.jti ?? randomUUID())
    .sign(key);
}
