/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';

export interface OAuthFailure {
  readonly ok: false;
  readonly status: 400 | 401;
  readonly error: OAuthErrorCode;
  readonly description: string;
}

/** 401 for a client that failed to authenticate, 400 for everything else (RFC 6749 §5.2). */
export function oauthFailure(error: OAuthErrorCode, description: string): OAuthFailure {
  return { ok: false, status: error === 'invalid_client' ? 401 : 400, error, description };
}
