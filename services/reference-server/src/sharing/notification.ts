import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { isValidNhsNumber } from '@raflag/core';
import { z } from 'zod';

/**
 * The notification an LHCRE receives when a shared record changes. It names the record and the
 * resources by id only and carries no clinical content: the LHCRE must come back with a fresh,
 * consent-checked read (security.md §4), so a withdrawal takes effect on its very next request and
 * nothing sensitive sits in a queue or at a stale endpoint.
 *
 * Why the NHS number is in it: a bare logical id means nothing to the LHCRE, which files records
 * under the NHS number. Without it the LHCRE could not find the record to pull the change into,
 * nor the copy to purge after a `withdrawn`. Why that is allowed: the notification goes only to an
 * LHCRE whose sharing agreement and the patient's consent already permit it to read this record
 * (the outbox row is written only then), so the NHS number tells it nothing it may not already
 * read; and a `withdrawn` is sent precisely so that a recipient that held the record deletes it.
 * The JWT is signed, not encrypted: the transport (TLS to a registered endpoint) keeps it private.
 */
export type NotificationEvent = 'record-changed' | 'withdrawn';

export interface NotificationClaims {
  readonly event: NotificationEvent;
  readonly patient: { readonly nhsNumber: string };
  /** `Type/id` of each resource added, changed or removed; empty on `withdrawn`. */
  readonly resources: readonly string[];
  /** When the change was committed (ISO instant). */
  readonly changedAt: string;
  /** Unique per notification; also the JWT `jti`, so a replayed notification can be spotted. */
  readonly notificationId: string;
}

export const NOTIFICATION_TYP = 'notification+jwt';

export interface SignOptions {
  readonly typ: typeof NOTIFICATION_TYP;
  /** The LHCRE's client id: the JWT `aud`. */
  readonly audience: string;
}

/** Signs with the server key; injected so this module never touches key files. */
export type SignNotification = (payload: NotificationClaims, options: SignOptions) => Promise<string>;

/** A bare `Type/id`: a reference that cannot smuggle content (no spaces, no query, no display). */
const RESOURCE_ID = /^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}$/;

const claimsSchema = z.object({
  event: z.enum(['record-changed', 'withdrawn']),
  patient: z.strictObject({ nhsNumber: z.string().refine(isValidNhsNumber, 'not a valid NHS number') }),
  resources: z.array(z.string().regex(RESOURCE_ID, 'must be Type/id')).max(1000),
  changedAt: z.iso.datetime({ offset: true }),
  notificationId: z.string().min(1).max(128),
});

export type NotificationResult = { ok: true; claims: NotificationClaims } | { ok: false; error: string };

/** Checks a notification before it is signed: the shape, a valid NHS number, ids only. */
export function checkNotification(claims: unknown): NotificationResult {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const { event, patient, resources, changedAt, notificationId } = parsed.data;
  return { ok: true, claims: { event, patient: { nhsNumber: patient.nhsNumber }, resources, changedAt, notificationId } };
}

export interface VerifyNotificationOptions {
  /** The server's issuer URL, as in its access tokens. */
  readonly issuer: string;
  /** The verifying LHCRE's own client id. */
  readonly audience: string;
  readonly currentDate?: Date | undefined;
}

/** The algorithms the server signs with; anything else (HS*, none) is refused outright. */
const ALGORITHMS = ['RS384', 'RS512', 'ES384', 'PS384'];

/**
 * For the LHCRE: verifies signature, `typ`, issuer, audience and expiry against the server's JWKS
 * (a local set or jose's `createRemoteJWKSet` for `/.well-known/jwks.json`), then the claim shape.
 */
export async function verifyNotification(
  jwt: string,
  jwks: JSONWebKeySet | JWTVerifyGetKey,
  options: VerifyNotificationOptions,
): Promise<NotificationResult> {
  try {
    // Inside the try: a malformed local JWKS is a verification failure, not a crash.
    const keys = typeof jwks === 'function' ? jwks : createLocalJWKSet(jwks);
    const { payload } = await jwtVerify(jwt, keys, {
      issuer: options.issuer,
      audience: options.audience,
      typ: NOTIFICATION_TYP,
      algorithms: ALGORITHMS,
      requiredClaims: ['iat', 'exp', 'jti'],
      clockTolerance: 30,
      ...(options.currentDate === undefined ? {} : { currentDate: options.currentDate }),
    });
    const checked = checkNotification(payload);
    if (checked.ok && payload.jti !== checked.claims.notificationId) {
      return { ok: false, error: 'The notification jti does not match its notificationId; discard it.' };
    }
    return checked;
  } catch (error) {
    return { ok: false, error: describeJoseError(error) };
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The notification has expired; ask the server to resend or pull the record.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The notification claim "${error.claim}" failed (${error.reason}).`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The notification signature does not verify against the server JWKS.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No key in the server JWKS matches the notification kid; refresh the JWKS.';
  if (error instanceof errors.JOSEAlgNotAllowed) return `The notification alg is not one of ${ALGORITHMS.join(', ')}.`;
  if (error instanceof errors.JOSEError) return `The notification is not a valid JWT (${error.code}).`;
  return 'The notification could not be verified.';
}

function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
