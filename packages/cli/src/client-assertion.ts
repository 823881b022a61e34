import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { ClientAlgorithm } from './client-jwk.js';

export interface ClientAssertionInput {
  readonly clientId: string;
  /** The private JWK; its `kid` names the registered key the server should verify with. */
  readonly privateJwk: JWK & { readonly kid: string };
  readonly alg: ClientAlgorithm;
  /** The token endpoint URL exactly: the server compares `aud` with it character for character. */
  readonly tokenUrl: string;
  /** The person a clinical system acts for, and the NHS activity codes they hold. */
  readonly user?: { readonly id: string; readonly activities: readonly string[] };
  /** Epoch milliseconds. */
  readonly now?: number;
}

/** Well inside the five minutes SMART Backend Services allows, to leave room for clock skew. */
const LIFETIME_SECONDS = 240;

/** The signed JWT a SMART Backend Services client posts as `client_assertion`. */
export async function signClientAssertion(input: ClientAssertionInput): Promise<string> {
  const key = await importJWK(input.privateJwk, input.alg);
  const iat = Math.floor((input.now ?? Date.now()) / 1000);
  const claims: JWTPayload = input.user === undefined ? {} : { requesting_user: { id: input.user.id, activities: [...input.user.activities] } };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: input.alg, kid: input.privateJwk.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key);
}
