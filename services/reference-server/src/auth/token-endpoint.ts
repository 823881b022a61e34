import { issueAccessToken } from './access-token.js';
import { verifyClientAssertion } from './client-assertion.js';
import type { ClientAssertionDeps } from './client-assertion.js';
import { grantScope } from './scope-grant.js';
import type { ServerKeys } from './server-keys.js';

export interface TokenEndpointDeps extends ClientAssertionDeps {
  readonly serverKeys: Pick<ServerKeys, 'sign'>;
  /** `iss` of the access tokens. */
  readonly issuer: string;
  /** `aud` of the access tokens: the FHIR base URL. */
  readonly fhirBaseUrl: string;
  readonly accessTokenLifetimeSeconds?: number;
}

export type TokenResponseBody =
  | { readonly access_token: string; readonly token_type: 'bearer'; readonly expires_in: number; readonly scope: string }
  | { readonly error: string; readonly error_description: string };

export interface TokenResponse {
  readonly status: 200 | 400 | 401;
  readonly body: TokenResponseBody;
  /** RFC 6749 §5.1: token responses must not be cached. */
  readonly headers: Readonly<Record<string, string>>;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** `POST /oauth2/token` (client credentials with a private-key JWT), as a function of the parsed form. */
export async function handleTokenRequest(form: URLSearchParams, deps: TokenEndpointDeps): Promise<TokenResponse> {
  const verified = await verifyClientAssertion(form, deps);
  if (!verified.ok) return { status: verified.status, body: { error: verified.error, error_description: verified.description }, headers: NO_STORE };
  const granted = grantScope(form.get('scope'), verified.client.scopes);
  if (!granted.ok) return { status: granted.status, body: { error: granted.error, error_description: granted.description }, headers: NO_STORE };
  const issued = await issueAccessToken({
    keys: deps.serverKeys,
    issuer: deps.issuer,
    audience: deps.fhirBaseUrl,
    client: verified.client,
    scope: granted.scope,
    user: verified.user,
    purposeOfUse: verified.purposeOfUse,
    breakGlass: verified.breakGlass,
    lifetimeSeconds: deps.accessTokenLifetimeSeconds,
    now: deps.now,
  });
  return {
    status: 200,
    body: { access_token: issued.token, token_type: 'bearer', expires_in: issued.expiresIn, scope: granted.scope },
    headers: NO_STORE,
  };
}
