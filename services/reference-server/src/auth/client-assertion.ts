import { compactVerify } from 'jose';
import { ASSERTION_ALGORITHMS } from './client-registry.js';
import type { AssertionAlgorithm, ClientRegistry, RegisteredClient } from './client-registry.js';
import type { ClientKeyResolver } from './client-keys.js';
import type { JtiCache } from './jti-cache.js';
import { oauthFailure } from './oauth-error.js';
import type { OAuthFailure } from './oauth-error.js';
import { ACTIVITY } from './principal.js';
import type { BreakGlass, EndUser } from './principal.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services: an assertion lives at most five minutes. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** A client's JWT is far smaller; anything bigger is refused before any parsing. */
const MAX_ASSERTION_CHARS = 16 * 1024;
const MAX_JTI_CHARS = 256;
const MAX_KID_CHARS = 256;
const MAX_REASON_CHARS = 1000;

export interface ClientAssertionDeps {
  readonly registry: ClientRegistry;
  readonly keys: ClientKeyResolver;
  readonly jtiCache: JtiCache;
  /** The token endpoint URL exactly as clients must put it in `aud`. */
  readonly tokenUrl: string;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** Clock skew allowed on `exp`, `iat`, `nbf` (seconds). */
  readonly skewSeconds?: number;
}

export interface VerifiedClient {
  readonly ok: true;
  readonly client: RegisteredClient;
  readonly user?: EndUser;
  readonly purposeOfUse: 'TREAT' | 'ETREAT';
  readonly breakGlass?: BreakGlass;
}

export type ClientAssertionResult = VerifiedClient | OAuthFailure;

const ASSERTION = 'client_assertion JWT';

/** RFC 6749 §3.2: a parameter given twice is a malformed request, whatever its values. */
function single(form: URLSearchParams, name: string): { ok: true; value: string | undefined } | OAuthFailure {
  const values = form.getAll(name);
  if (values.length > 1) return oauthFailure('invalid_request', `'${name}' is given ${values.length} times; send it once`);
  return { ok: true, value: values[0] };
}

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseUser(value: unknown, client: RegisteredClient): { ok: true; user: EndUser } | OAuthFailure {
  if (client.kind !== 'clinical-system') {
    return oauthFailure('invalid_grant', `'requesting_user' is only for clinical systems acting for a person; a ${client.kind} client acts as itself, so leave it out`);
  }
  if (!isRecord(value)) return oauthFailure('invalid_request', "'requesting_user' must be an object { id, name?, role?, activities: [...] }");
  const { id, name, role, activities } = value;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 256) {
    return oauthFailure('invalid_request', "'requesting_user.id' must be a non-empty string (the SDS user or role-profile id)");
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > 256)) return oauthFailure('invalid_request', "'requesting_user.name' must be a string");
  if (role !== undefined && (typeof role !== 'string' || role.length > 64)) return oauthFailure('invalid_request', "'requesting_user.role' must be a string such as an SDS job role code (R8000)");
  if (!Array.isArray(activities) || activities.length > 50 || !activities.every((code): code is string => typeof code === 'string')) {
    return oauthFailure('invalid_request', "'requesting_user.activities' must be an array of NHS activity codes such as [\"B0257\"]");
  }
  const allowed = new Set<string>(client.roles);
  const outside = activities.filter((code) => !allowed.has(code));
  if (outside.length > 0) {
    return oauthFailure(
      'invalid_grant',
      `'requesting_user.activities' names ${outside.length} code(s) this client is not registered to assert; allowed: ${client.roles.join(', ') || 'none'}`,
    );
  }
  return { ok: true, user: { id, name, roleCode: role, activities: [...new Set(activities)] } };
}

function checkTime(payload: Record<string, unknown>, nowSeconds: number, skew: number): OAuthFailure | undefined {
  const { exp, iat, nbf } = payload;
  if (exp === undefined) return oauthFailure('invalid_request', `Missing 'exp' claim in ${ASSERTION}: set it to at most 5 minutes from now`);
  if (typeof exp !== 'number' || !Number.isInteger(exp)) return oauthFailure('invalid_request', `Invalid 'exp' claim in ${ASSERTION}: must be an integer (seconds since the epoch)`);
  if (exp <= nowSeconds - skew) return oauthFailure('invalid_request', `Invalid 'exp' claim in ${ASSERTION}: JWT has expired; sign a fresh assertion for each token request`);
  if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS + skew) {
    return oauthFailure('invalid_request', `Invalid 'exp' claim in ${ASSERTION}: more than 5 minutes in future; set exp to at most now + 300 s`);
  }
  for (const [name, value] of [['iat', iat], ['nbf', nbf]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return oauthFailure('invalid_request', `Invalid '${name}' claim in ${ASSERTION}: must be a number (seconds since the epoch)`);
    if (value > nowSeconds + skew) {
      return oauthFailure('invalid_client', `Invalid '${name}' claim in ${ASSERTION}: it lies in the future; check the client's clock`);
    }
  }
  return undefined;
}

/**
 * Authenticates a client at the token endpoint from its signed assertion (SMART Backend Services and RFC 7523,
 * with the NHS England signed-JWT rules). Cheap structural checks come first; the `jti` is only spent once
 * everything else has passed, so a rejected assertion can be corrected and sent again.
 */
export async function verifyClientAssertion(form: URLSearchParams, deps: ClientAssertionDeps): Promise<ClientAssertionResult> {
  const now = deps.now ?? Date.now;
  const skew = deps.skewSeconds ?? 10;

  const grantType = single(form, 'grant_type');
  if (!grantType.ok) return grantType;
  if (grantType.value === undefined || grantType.value === '') return oauthFailure('invalid_request', 'grant_type is missing; send grant_type=client_credentials');
  if (grantType.value !== 'client_credentials') return oauthFailure('unsupported_grant_type', 'grant_type is invalid; this server supports only client_credentials');

  const assertionType = single(form, 'client_assertion_type');
  if (!assertionType.ok) return assertionType;
  if (assertionType.value !== CLIENT_ASSERTION_TYPE) {
    return oauthFailure('invalid_request', `Missing or invalid client_assertion_type; send client_assertion_type=${CLIENT_ASSERTION_TYPE}`);
  }
  const assertionParam = single(form, 'client_assertion');
  if (!assertionParam.ok) return assertionParam;
  const assertion = assertionParam.value;
  if (assertion === undefined || assertion === '') return oauthFailure('invalid_request', 'Missing client_assertion; send the signed JWT in client_assertion');
  if (assertion.length > MAX_ASSERTION_CHARS) return oauthFailure('invalid_request', `Malformed JWT in client_assertion: longer than ${MAX_ASSERTION_CHARS} characters`);
  for (const name of ['scope', 'client_id']) {
    const once = single(form, name);
    if (!once.ok) return once;
  }

  const segments = assertion.split('.');
  const header = segments.length === 3 ? decodeSegment(segments[0] ?? '') : undefined;
  const payload = segments.length === 3 ? decodeSegment(segments[1] ?? '') : undefined;
  if (!isRecord(header) || !isRecord(payload) || !/^[A-Za-z0-9_-]*$/.test(segments[2] ?? '')) {
    return oauthFailure('invalid_request', 'Malformed JWT in client_assertion: expected a signed JWT (three base64url parts separated by dots)');
  }

  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || !(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) {
    return oauthFailure('invalid_client', `Invalid 'alg' header in ${ASSERTION}: unsupported algorithm; use one of ${ASSERTION_ALGORITHMS.join(', ')} as registered for the client`);
  }
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    return oauthFailure('invalid_request', `Invalid 'typ' header in ${ASSERTION}: must be 'JWT'`);
  }
  if (kid === undefined) return oauthFailure('invalid_request', `Missing 'kid' header in ${ASSERTION}: name the registered key that signed it`);
  if (typeof kid !== 'string' || kid === '' || kid.length > MAX_KID_CHARS) {
    return oauthFailure('invalid_client', `Invalid 'kid' header in ${ASSERTION}: no matching public key`);
  }
  // Keys come only from the registration: a header that names or carries a key is refused outright.
  for (const name of ['jwk', 'x5u', 'x5c', 'crit', 'b64']) {
    if (name in header) return oauthFailure('invalid_client', `Unsupported '${name}' header in ${ASSERTION}: keys are taken only from the client's registration; remove it`);
  }

  const { iss, sub } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || iss !== sub) {
    return oauthFailure('invalid_client', `Missing or non-matching 'iss'/'sub' claims in ${ASSERTION}: both must be the client id`);
  }
  const client = deps.registry.byId.get(iss);
  if (client === undefined) return oauthFailure('invalid_client', `'iss' in ${ASSERTION} is not a registered client id`);
  const clientIdParam = form.get('client_id');
  if (clientIdParam !== null && clientIdParam !== iss) return oauthFailure('invalid_client', `client_id does not match 'iss' in ${ASSERTION}`);
  if ('jku' in header && header.jku !== client.jwksUri) {
    return oauthFailure('invalid_client', `Invalid 'jku' header in ${ASSERTION}: it must be the client's registered jwksUri, or be left out`);
  }
  const algorithm = alg as AssertionAlgorithm;
  if (!client.algorithms.includes(algorithm)) {
    return oauthFailure('invalid_client', `Invalid 'alg' header in ${ASSERTION}: this client is registered for ${client.algorithms.join(', ')} only`);
  }

  const resolved = await deps.keys.resolve(client, algorithm, kid);
  if (!resolved.ok) return oauthFailure('invalid_client', `Invalid 'kid' header in ${ASSERTION}: ${resolved.description}`);
  try {
    await compactVerify(assertion, resolved.key, { algorithms: [algorithm] });
  } catch {
    return oauthFailure('invalid_client', `Invalid signature on ${ASSERTION}: it does not verify with the registered key '${resolved.kid}'`);
  }

  const nowSeconds = Math.floor(now() / 1000);
  const timeProblem = checkTime(payload, nowSeconds, skew);
  if (timeProblem !== undefined) return timeProblem;

  const { aud, jti } = payload;
  if (aud === undefined) return oauthFailure('invalid_request', `Missing 'aud' claim in ${ASSERTION}: set it to ${deps.tokenUrl}`);
  // One audience only: an assertion also valid elsewhere could be replayed here by that other party.
  const audience = Array.isArray(aud) && aud.length === 1 ? aud[0] : aud;
  if (audience !== deps.tokenUrl) return oauthFailure('invalid_client', `Invalid 'aud' claim in ${ASSERTION}: must be exactly ${deps.tokenUrl}`);
  if (jti === undefined) return oauthFailure('invalid_request', `Missing 'jti' claim in ${ASSERTION}: send a unique value such as a UUID`);
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_CHARS) {
    return oauthFailure('invalid_request', `Invalid 'jti' claim in ${ASSERTION}: must be a unique string value such as a GUID`);
  }

  let user: EndUser | undefined;
  if (payload.requesting_user !== undefined) {
    const parsed = parseUser(payload.requesting_user, client);
    if (!parsed.ok) return parsed;
    user = parsed.user;
  }

  const purpose = payload.purpose_of_use ?? 'TREAT';
  if (purpose !== 'TREAT' && purpose !== 'ETREAT') {
    return oauthFailure('invalid_request', `Invalid 'purpose_of_use' claim in ${ASSERTION}: must be 'TREAT' (default) or 'ETREAT' (break-glass)`);
  }
  const reason = payload.break_glass_reason;
  let breakGlass: BreakGlass | undefined;
  if (purpose === 'ETREAT') {
    if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON_CHARS) {
      return oauthFailure('invalid_request', `'break_glass_reason' is required with purpose_of_use ETREAT: a non-empty reason of at most ${MAX_REASON_CHARS} characters`);
    }
    if (client.kind !== 'clinical-system') return oauthFailure('invalid_grant', `Break-glass (ETREAT) is only for clinical systems; a ${client.kind} client may not use it`);
    if (user === undefined || !user.activities.includes(ACTIVITY.readDetails)) {
      return oauthFailure('invalid_grant', `Break-glass (ETREAT) needs a requesting_user holding activity ${ACTIVITY.readDetails}`);
    }
    breakGlass = { reason: reason.trim() };
  } else if (reason !== undefined) {
    return oauthFailure('invalid_request', "'break_glass_reason' is only meaningful with purpose_of_use ETREAT; remove it or set purpose_of_use");
  }

  if (!deps.jtiCache.claim(iss, jti, payload.exp as number)) {
    return oauthFailure('invalid_request', `Non-unique 'jti' claim in ${ASSERTION}: this jti was already used; send a fresh unique value with every assertion`);
  }
  return { ok: true, client, ...(user === undefined ? {} : { user }), purposeOfUse: purpose, ...(breakGlass === undefined ? {} : { breakGlass }) };
}
