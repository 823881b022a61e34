import type { SharingAgreement } from '../consent/sharing-agreements.js';
import type { ClientKeyResolver } from './client-keys.js';
import type { ClientRegistry } from './client-registry.js';
import type { JtiCache } from './jti-cache.js';
import type { ServerKeys } from './server-keys.js';

/** Everything the server needs to authenticate callers, decide sharing and sign what it sends. */
export interface Security {
  /** Where clients reach the server (`http://127.0.0.1:8080`): the token URL and token audience hang off it. */
  readonly publicUrl: string;
  readonly serverKeys: ServerKeys;
  readonly registry: ClientRegistry;
  readonly keyResolver: ClientKeyResolver;
  readonly jtiCache: JtiCache;
  readonly agreements: readonly SharingAgreement[];
}

export const TOKEN_PATH = '/oauth2/token';
export const JWKS_PATH = '/.well-known/jwks.json';

export const tokenUrl = (security: Pick<Security, 'publicUrl'>): string => `${security.publicUrl}${TOKEN_PATH}`;
/** Access tokens are for the FHIR API, so their audience is its base URL. */
export const fhirAudience = (security: Pick<Security, 'publicUrl'>): string => `${security.publicUrl}/fhir`;
