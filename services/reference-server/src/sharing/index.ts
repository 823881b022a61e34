export {
  checkNotification,
  verifyNotification,
  NOTIFICATION_TYP,
  type NotificationClaims,
  type NotificationEvent,
  type NotificationResult,
  type SignNotification,
  type SignOptions,
  type VerifyNotificationOptions,
} from './notification.js';
export { notificationSigner, type NotificationSignerOptions } from './notification-signer.js';
export { InMemoryOutbox, orderingKey, type NewOutboxItem, type OutboxItem, type OutboxPort, type OutboxRecord, type OutboxState } from './outbox.js';
export { Notifier, type DeliveryRecord, type DrainResult, type NotifierOptions } from './notifier.js';
export { backoffDelayMs, retryAfterMs, type RetryPolicy } from './retry-policy.js';
