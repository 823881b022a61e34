import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { RegisteredClient } from './client-registry.js';
import { CLIENT_KINDS } from './client-registry.js';
import type { ServerKeys } from './server-keys.js';
import type { BreakGlass, ClientKind, ClientPrincipal, EndUser } from './principal.js';

export const ACCESS_TOKEN_TYP = 'at+jwt';
export const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 300;
export const ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_TOKEN_CHARS = 8 * 1024;

export interface IssueAccessTokenInput {
  readonly keys: Pick<ServerKeys, 'sign'>;
  /** This server's issuer URL. */
  readonly issuer: string;
  /** The FHIR base URL the token is for. */
  readonly audience: string;
  readonly client: Pick<RegisteredClient, 'clientId' | 'kind' | 'organisation'>;
  readonly scope: string;
  readonly user?: EndUser | undefined;
  readonly purposeOfUse: 'TREAT' | 'ETREAT';
  readonly breakGlass?: BreakGlass | undefined;
  readonly lifetimeSeconds?: number;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresIn: number;
}

export async function issueAccessToken(input: IssueAccessTokenInput): Promise<IssuedAccessToken> {
  const iat = Math.floor((input.now ?? Date.now)() / 1000);
  const expiresIn = Math.min(input.lifetimeSeconds ?? MAX_ACCESS_TOKEN_LIFETIME_SECONDS, MAX_ACCESS_TOKEN_LIFETIME_SECONDS);
  const jti = randomUUID();
  const payload: JWTPayload = {
    iss: input.issuer,
    aud: input.audience,
    sub: input.client.clientId,
    client_id: input.client.clientId,
    client_kind: input.client.kind,
    organisation: { ods_code: input.client.organisation.odsCode, name: input.client.organisation.name },
    scope: input.scope,
    jti,
    iat,
    exp: iat + expiresIn,
    purpose_of_use: input.purposeOfUse,
  };
  if (input.user !== undefined) {
    payload.requesting_user = {
      id: input.user.id,
      ...(input.user.name === undefined ? {} : { name: input.user.name }),
      ...(input.user.roleCode === undefined ? {} : { role: input.user.roleCode }),
      activities: [...input.user.activities],
    };
  }
  if (input.breakGlass !== undefined) payload.break_glass_reason = input.breakGlass.reason;
  return { token: await input.keys.sign(payload, { typ: ACCESS_TOKEN_TYP }), jti, expiresIn };
}

export interface VerifyAccessTokenOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

/** Short, fixed reasons for logs and the WWW-Authenticate header; never the token or its claims. */
export type AccessTokenFailure =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-type'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'lifetime-too-long'
  | 'bad-claims';

export type AccessTokenResult = { ok: true; principal: ClientPrincipal } | { ok: false; reason: AccessTokenFailure };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

function readUser(value: unknown): EndUser | undefined | 'bad' {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return 'bad';
  const { id, name, role, activities } = value;
  if (typeof id !== 'string' || !optionalString(name) || !optionalString(role)) return 'bad';
  if (!Array.isArray(activities) || !activities.every((a): a is string => typeof a === 'string')) return 'bad';
  return { id, name, roleCode: role, activities };
}

function toPrincipal(payload: JWTPayload): ClientPrincipal | undefined {
  const { client_id: clientId, client_kind: clientKind, organisation, scope, jti, purpose_of_use: purpose, break_glass_reason: reason } = payload;
  if (typeof clientId !== 'string' || clientId !== payload.sub || typeof scope !== 'string' || typeof jti !== 'string') return undefined;
  if (typeof clientKind !== 'string' || !(CLIENT_KINDS as readonly string[]).includes(clientKind)) return undefined;
  if (!isRecord(organisation) || typeof organisation.ods_code !== 'string' || typeof organisation.name !== 'string') return undefined;
  if (purpose !== 'TREAT' && purpose !== 'ETREAT') return undefined;
  if (!optionalString(reason) || (purpose === 'ETREAT') !== (reason !== undefined)) return undefined;
  const user = readUser(payload.requesting_user);
  if (user === 'bad') return undefined;
  return {
    kind: 'client',
    clientId,
    clientKind: clientKind as ClientKind,
    organisation: { odsCode: organisation.ods_code, name: organisation.name },
    scope,
    user,
    purposeOfUse: purpose,
    breakGlass: reason === undefined ? undefined : { reason },
    tokenId: jti,
  };
}

function failureFor(error: unknown): AccessTokenFailure {
  const code = isRecord(error) && typeof error.code === 'string' ? error.code : '';
  const claim = isRecord(error) && typeof error.claim === 'string' ? error.claim : '';
  if (code === 'ERR_JWT_EXPIRED') return 'expired';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'bad-signature';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (isRecord(error) && error.reason === 'missing') return 'missing-claim';
    if (claim === 'iss') return 'wrong-issuer';
    if (claim === 'aud') return 'wrong-audience';
    if (claim === 'typ') return 'wrong-type';
    if (claim === 'nbf' || claim === 'iat') return 'not-yet-valid';
    return 'missing-claim';
  }
  return 'malformed';
}

/** Checks an access token this server issued; only the server's own keys and algorithm, `typ` pinned. */
export async function verifyAccessToken(
  token: string,
  keys: Pick<ServerKeys, 'alg' | 'verificationKey'>,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenResult> {
  if (token.length === 0 || token.length > MAX_TOKEN_CHARS) return { ok: false, reason: 'malformed' };
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== ACCESS_TOKEN_TYP) return { ok: false, reason: 'wrong-type' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = typeof kid === 'string' ? keys.verificationKey(kid) : undefined;
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  const nowMs = (options.now ?? Date.now)();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [keys.alg],
      typ: ACCESS_TOKEN_TYP,
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'iat', 'iss', 'aud', 'jti', 'sub', 'scope'],
    }));
  } catch (error) {
    return { ok: false, reason: failureFor(error) };
  }
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'missing-claim' };
  if (iat > nowMs / 1000 + ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS) return { ok: false, reason: 'not-yet-valid' };
  if (exp - iat > MAX_ACCESS_TOKEN_LIFETIME_SECONDS) return { ok: false, reason: 'lifetime-too-long' };
  const principal = toPrincipal(payload);
  return principal === undefined ? { ok: false, reason: 'bad-claims' } : { ok: true, principal };
}
