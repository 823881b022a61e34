import { exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { http, HttpResponse, type HttpHandler } from 'msw';

export const ORIGIN = 'https://ra.example.test';
export const BASE = `${ORIGIN}/fhir`;
export const TOKEN_URL = `${ORIGIN}/oauth2/token`;
export const CLIENT_ID = 'gp-system-1';

export interface ClientKeys {
  readonly privateJwk: JWK;
  readonly publicKey: CryptoKey;
}

/** A fresh key pair for the client, as a registration would hold it. */
export async function clientKeys(alg: 'ES384' | 'RS384' | 'RS512' = 'ES384', kid = 'key-1'): Promise<ClientKeys> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg }, publicKey };
}

/** What the fake token endpoint saw and issued; tests read it. */
export class TokenLog {
  readonly assertions: { header: { alg?: string; kid?: string; typ?: string }; payload: JWTPayload; form: URLSearchParams }[] = [];
  readonly issued: string[] = [];
  readonly revoked = new Set<string>();
  discoveries = 0;

  isValid(authorization: string | null): boolean {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    return token !== undefined && this.issued.includes(token) && !this.revoked.has(token);
  }
}

export interface FakeAuthOptions {
  readonly keys: ClientKeys;
  readonly alg?: string;
  readonly expiresIn?: number;
  readonly log: TokenLog;
  /** The server's clock (epoch ms), shared with the client's in tests that move time. */
  readonly now?: () => number;
}

/**
 * SMART discovery and a token endpoint that verifies the assertion the way the reference server
 * must: the signature against the registered public key, the pinned alg, typ, iss = sub = client
 * id, aud = token URL, exp at most 300 s ahead, and a jti never seen before.
 */
export function authHandlers(options: FakeAuthOptions): HttpHandler[] {
  const seenJti = new Set<string>();
  const now = options.now ?? Date.now;
  const refuse = (error: string, description: string, status = 400) => HttpResponse.json({ error, error_description: description }, { status });
  return [
    http.get(`${BASE}/.well-known/smart-configuration`, () => {
      options.log.discoveries += 1;
      return HttpResponse.json({ token_endpoint: TOKEN_URL, grant_types_supported: ['client_credentials'], capabilities: ['client-confidential-asymmetric'] });
    }),
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'client_credentials') return refuse('unsupported_grant_type', 'client_credentials only');
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return refuse('invalid_client', 'bad assertion type', 401);
      try {
        const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion') ?? '', options.keys.publicKey, {
          algorithms: [options.alg ?? 'ES384'],
          issuer: CLIENT_ID,
          subject: CLIENT_ID,
          audience: TOKEN_URL,
          typ: 'JWT',
          requiredClaims: ['exp', 'iat', 'jti'],
          currentDate: new Date(now()),
        });
        if ((payload.exp ?? 0) - Math.floor(now() / 1000) > 300) return refuse('invalid_client', 'exp too far ahead', 401);
        if (protectedHeader.kid !== options.keys.privateJwk.kid) return refuse('invalid_client', 'unknown kid', 401);
        const jti = payload.jti ?? '';
        if (seenJti.has(jti)) return refuse('invalid_client', 'jti replayed', 401);
        seenJti.add(jti);
        options.log.assertions.push({ header: protectedHeader, payload, form });
      } catch (error) {
        return refuse('invalid_client', error instanceof Error ? error.message : 'bad assertion', 401);
      }
      const token = `token-${options.log.issued.length + 1}`;
      options.log.issued.push(token);
      return HttpResponse.json({ access_token: token, token_type: 'bearer', expires_in: options.expiresIn ?? 300, scope: form.get('scope') });
    }),
  ];
}

/** The 401 a FHIR endpoint answers without a valid token. */
export function unauthorised(): Response {
  return HttpResponse.json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'token' }] },
    { status: 401, headers: { 'content-type': 'application/fhir+json' } },
  );
}
