import type { JWTPayload } from 'jose';
import type { NotificationClaims, SignNotification, SignOptions } from './notification.js';

export interface NotificationSignerOptions {
  /**
   * Signs a payload with the server's key (the one published at `/.well-known/jwks.json`), with
   * this `typ` in the protected header: `ServerKeys.sign` on the server.
   */
  readonly signJwt: (payload: JWTPayload, typ: string) => Promise<string>;
  /** The server's issuer URL. */
  readonly issuer: string;
  /** A notification is acted on at once; five minutes covers retries in flight and clock skew. */
  readonly lifetimeSeconds?: number | undefined;
  readonly clock?: (() => Date) | undefined;
}

/** The `SignNotification` the server uses: a JWT with `typ: notification+jwt`, `jti` = notificationId. */
export function notificationSigner(options: NotificationSignerOptions): SignNotification {
  const lifetime = options.lifetimeSeconds ?? 300;
  const clock = options.clock ?? (() => new Date());
  return async (payload: NotificationClaims, sign: SignOptions) => {
    const now = Math.floor(clock().getTime() / 1000);
    return options.signJwt(
      {
        event: payload.event,
        patient: { nhsNumber: payload.patient.nhsNumber },
        resources: [...payload.resources],
        changedAt: payload.changedAt,
        notificationId: payload.notificationId,
        iss: options.issuer,
        aud: sign.audience,
        iat: now,
        exp: now + lifetime,
        jti: payload.notificationId,
      },
      sign.typ,
    );
  };
}
