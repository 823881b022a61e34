import type { ServerKeys } from '../auth/server-keys.js';
import type { SignNotification } from './notification.js';

/** A notification is acted on at once; five minutes covers retries in flight and clock skew. */
const NOTIFICATION_LIFETIME_SECONDS = 300;

/**
 * Notifications signed with the server's own key, the one published at `/.well-known/jwks.json`,
 * so an LHCRE verifies them with the same JWKS it already trusts for nothing else.
 */
export function serverNotificationSigner(keys: ServerKeys, issuer: string, now: () => Date = () => new Date()): SignNotification {
  return (payload, options) => {
    const iat = Math.floor(now().getTime() / 1000);
    return keys.sign(
      {
        event: payload.event,
        patient: { nhsNumber: payload.patient.nhsNumber },
        resources: [...payload.resources],
        changedAt: payload.changedAt,
        notificationId: payload.notificationId,
        iss: issuer,
        aud: options.audience,
        iat,
        exp: iat + NOTIFICATION_LIFETIME_SECONDS,
        jti: payload.notificationId,
      },
      { typ: options.typ },
    );
  };
}
