import type { JWK } from 'jose';

/** The algorithms the reference server accepts for client assertions (see services/reference-server/docs/clients.md). */
export const CLIENT_ALGORITHMS = ['RS384', 'ES384', 'RS512'] as const;
export type ClientAlgorithm = (typeof CLIENT_ALGORITHMS)[number];

export const isClientAlgorithm = (value: unknown): value is ClientAlgorithm => (CLIENT_ALGORITHMS as readonly unknown[]).includes(value);

/** The members of a JWK that are secret (RFC 7518 §6.2.2, §6.3.2): none may reach a JWKS. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** A JWK without its private members. */
export function publicPart(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JWK;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A private JWK read from a file, narrowed just enough to sign with (jose checks the rest). */
export function asPrivateJwk(value: unknown): JWK | undefined {
  if (!isRecord(value) || typeof value['kty'] !== 'string' || typeof value['d'] !== 'string') return undefined;
  return value as JWK;
}
