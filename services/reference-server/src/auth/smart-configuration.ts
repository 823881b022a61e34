import type { CapabilityStatementRestSecurity } from 'fhir/r4.js';
import { ASSERTION_ALGORITHMS } from './client-registry.js';

export interface SmartConfiguration {
  readonly token_endpoint: string;
  readonly grant_types_supported: readonly string[];
  readonly token_endpoint_auth_methods_supported: readonly string[];
  readonly token_endpoint_auth_signing_alg_values_supported: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly capabilities: readonly string[];
  readonly code_challenge_methods_supported: readonly string[];
}

/** `/fhir/.well-known/smart-configuration` for a backend-services-only server (SMART App Launch 2.x conformance). */
export function smartConfiguration(input: { readonly tokenUrl: string; readonly scopesSupported: readonly string[] }): SmartConfiguration {
  return {
    token_endpoint: input.tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    scopes_supported: [...new Set(input.scopesSupported)],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
    // Required by the spec even without authorization-code launch; `plain` must never be offered.
    code_challenge_methods_supported: ['S256'],
  };
}

export const OAUTH_URIS_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/** The CapabilityStatement `rest[0].security` that names the SMART service and where to get a token. */
export function capabilitySecurity(input: { readonly tokenUrl: string }): CapabilityStatementRestSecurity {
  return {
    extension: [{ url: OAUTH_URIS_EXTENSION, extension: [{ url: 'token', valueUri: input.tokenUrl }] }],
    service: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
        text: 'OAuth2 using SMART Backend Services (client credentials with a signed JWT assertion)',
      },
    ],
    description: `Get an access token from ${input.tokenUrl} (SMART Backend Services, private_key_jwt with RS384, ES384 or RS512) and send it as Authorization: Bearer.`,
  };
}
