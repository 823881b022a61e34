import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type NotificationEvent = 'record-changed' | 'withdrawn';

/** What raflag tells an LHCRE: ids only, never clinical content. */
export interface Notification {
  readonly event: NotificationEvent;
  readonly nhsNumber: string;
  readonly resources: readonly string[];
  readonly changedAt: string;
  readonly notificationId: string;
}

export type VerifiedNotification = { readonly ok: true; readonly notification: Notification } | { readonly ok: false; readonly reason: string };

const NHS_NUMBER = /^\d{10}$/;
const RESOURCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

/** The server's published keys, fetched from its `/.well-known/jwks.json` and cached by jose. */
export function serverKeys(serverUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL('/.well-known/jwks.json', serverUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
}

/**
 * Checks a notification the way an LHCRE must before acting on it: signed by the raflag server's
 * key (never a key named in the token), issued by that server, addressed to this LHCRE, typed as
 * a notification, unexpired, and shaped as an id-only notice.
 */
export async function verifyNotification(jwt: string, keys: JWTVerifyGetKey, expected: { readonly issuer: string; readonly audience: string }): Promise<VerifiedNotification> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      typ: 'notification+jwt',
      algorithms: ['ES384', 'RS384', 'RS512'],
      clockTolerance: 30,
      requiredClaims: ['exp', 'iat', 'jti'],
    }));
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.name : 'unverifiable' };
  }
  const { event, patient, resources, changedAt, notificationId } = payload;
  const nhsNumber = typeof patient === 'object' && patient !== null ? (patient as Record<string, unknown>)['nhsNumber'] : undefined;
  if (event !== 'record-changed' && event !== 'withdrawn') return { ok: false, reason: 'unknown event' };
  if (typeof nhsNumber !== 'string' || !NHS_NUMBER.test(nhsNumber)) return { ok: false, reason: 'no NHS number' };
  if (!Array.isArray(resources) || !resources.every((r): r is string => typeof r === 'string' && RESOURCE.test(r))) return { ok: false, reason: 'resources are not ids' };
  if (typeof changedAt !== 'string' || typeof notificationId !== 'string') return { ok: false, reason: 'missing changedAt or notificationId' };
  return { ok: true, notification: { event, nhsNumber, resources, changedAt, notificationId } };
}
