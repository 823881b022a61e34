import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { NotificationClaims, SignNotification, SignOptions } from './notification.js';

export interface NotificationSignerOptions {
  /** The server's private signing key (the one published at `/.well-known/jwks.json`). */
  readonly privateKey: CryptoKey | KeyObject;
  readonly kid: string;
  readonly alg: 'RS384' | 'RS512' | 'ES384' | 'PS384';
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
    return new SignJWT({
      event: payload.event,
      patient: { nhsNumber: payload.patient.nhsNumber },
      resources: [...payload.resources],
      changedAt: payload.changedAt,
      notificationId: payload.notificationId,
    })
      .setProtectedHeader({ alg: options.alg, kid: options.kid, typ: sign.typ })
      .setIssuer(options.issuer)
      .setAudience(sign.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .setJti(payload.notificationId)
      .sign(options.privateKey);
  };
}
