import type { NotificationEvent } from '../sharing/notification.js';
import type { OutboxItem, OutboxRecord } from '../sharing/outbox.js';

/**
 * An `outbox` row as the statements in `statements.ts` select it. Instants are epoch milliseconds
 * so `due()` compares integers; `resources` is a JSON array of `Type/id`.
 */
export interface OutboxRow {
  readonly sequence: number;
  readonly id: string;
  readonly lhcreClientId: string;
  readonly endpoint: string;
  readonly event: NotificationEvent;
  readonly nhsNumber: string;
  readonly resources: string;
  readonly changedAt: string;
  readonly attempts: number;
  readonly state: OutboxRecord['state'];
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly finishedAt: number | null;
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    sequence: row.sequence,
    lhcreClientId: row.lhcreClientId,
    endpoint: row.endpoint,
    event: row.event,
    nhsNumber: row.nhsNumber,
    resources: JSON.parse(row.resources) as string[],
    changedAt: row.changedAt,
    attempts: row.attempts,
  };
}

export function toOutboxRecord(row: OutboxRow): OutboxRecord {
  return {
    item: toOutboxItem(row),
    state: row.state,
    nextAttemptAt: new Date(row.nextAttemptAt),
    lastError: row.lastError ?? undefined,
    finishedAt: row.finishedAt === null ? undefined : new Date(row.finishedAt),
  };
}
