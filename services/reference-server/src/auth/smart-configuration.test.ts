import { describe, expect, it } from 'vitest';
import { capabilitySecurity, OAUTH_URIS_EXTENSION, smartConfiguration } from './smart-configuration.js';
import { TOKEN_URL } from './test-fixtures.js';

describe('smartConfiguration', () => {
  it('lists the fields SMART requires for a backend-services server', () => {
    const config = smartConfiguration({ tokenUrl: TOKEN_URL, scopesSupported: ['system/Flag.rs', 'system/Flag.rs', 'system/Consent.cruds'] });
    expect(config).toEqual({
      token_endpoint: TOKEN_URL,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384', 'RS512'],
      scopes_supported: ['system/Flag.rs', 'system/Consent.cruds'],
      capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(config.code_challenge_methods_supported).not.toContain('plain');
  });
});

describe('capabilitySecurity', () => {
  it('names the SMART-on-FHIR service and the token URL in the oauth-uris extension', () => {
    const security = capabilitySecurity({ tokenUrl: TOKEN_URL });
    expect(security.service?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' });
    expect(security.extension?.[0]).toEqual({ url: OAUTH_URIS_EXTENSION, extension: [{ url: 'token', valueUri: TOKEN_URL }] });
  });
});
