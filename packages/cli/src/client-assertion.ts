import { signClientAssertion as signAssertion } from '@raflag/client';
import { importJWK, type JWK } from 'jose';
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

/**
 * The signed JWT a SMART Backend Services client posts as `client_assertion`, made by
 * `@raflag/client` so the command and the library can never disagree on its claims.
 */
export async function signClientAssertion(input: ClientAssertionInput): Promise<string> {
  const key = await importJWK(input.privateJwk, input.alg);
  return signAssertion(
    { clientId: input.clientId, tokenUrl: input.tokenUrl, kid: input.privateJwk.kid, alg: input.alg, user: input.user, now: input.now ?? Date.now() },
    key,
  );
}
