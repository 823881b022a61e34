/** Shared fixtures for the auth tests: real keys, a fixed clock, registrations built like clients.json. */
import { exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { AssertionAlgorithm, ClientRegistry, RegisteredClient, RegisteredJwk } from './client-registry.js';

export const TOKEN_URL = 'https://ra.example.nhs.uk/oauth2/token';
export const FHIR_BASE = 'https://ra.example.nhs.uk/fhir';
export const ISSUER = 'https://ra.example.nhs.uk';
/** 2026-03-01T09:00:00Z. */
export const NOW_MS = Date.UTC(2026, 2, 1, 9, 0, 0);
export const NOW_S = NOW_MS / 1000;

export interface TestKey {
  readonly alg: AssertionAlgorithm;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly privateJwk: JWK;
  readonly publicJwk: RegisteredJwk;
}

export async function makeKey(alg: AssertionAlgorithm, kid: string): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid } as RegisteredJwk;
  return { alg, kid, privateKey, publicKey, privateJwk: { ...(await exportJWK(privateKey)), kid }, publicJwk };
}

export function makeClient(overrides: Partial<RegisteredClient> & Pick<RegisteredClient, 'clientId'>): RegisteredClient {
  return {
    kind: 'clinical-system',
    organisation: { odsCode: 'B82005', name: 'Riverside Surgery' },
    algorithms: ['RS384'],
    scopes: ['system/Flag.cruds', 'system/Consent.rs'],
    roles: ['B0264', 'B0257', 'B0380'],
    ...overrides,
  };
}

export function registryOf(...clients: RegisteredClient[]): ClientRegistry {
  return { clients, byId: new Map(clients.map((c) => [c.clientId, c])) };
}
