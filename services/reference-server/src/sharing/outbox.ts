import type { NotificationEvent } from './notification.js';

/** One notification waiting to be delivered to one LHCRE, as the store keeps it. */
export interface OutboxItem {
  readonly id: string;
  /** Order of creation across the whole outbox (the store's row id): ordering is by this. */
  readonly sequence: number;
  readonly lhcreClientId: string;
  /** The LHCRE's notification endpoint from its sharing agreement, copied when the row was written. */
  readonly endpoint: string;
  readonly event: NotificationEvent;
  readonly nhsNumber: string;
  /** `Type/id` only. */
  readonly resources: readonly string[];
  /** ISO instant of the commit that wrote the row. */
  readonly changedAt: string;
  /** Delivery attempts made so far. */
  readonly attempts: number;
}

export type OutboxState = 'pending' | 'delivered' | 'abandoned';

/**
 * What the notifier needs from the store. Methods are synchronous because better-sqlite3 is.
 *
 * Ordering contract for `due`: an item is due only when it is pending, its next attempt time has
 * come, and every earlier item (lower `sequence`) for the same `lhcreClientId` and `nhsNumber` is
 * delivered or abandoned. That is what keeps a `withdrawn` from overtaking an earlier
 * `record-changed` while the latter waits for a retry. In SQL:
 *
 *   WHERE o.state = 'pending' AND o.next_attempt_at <= :now
 *     AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending'
 *       AND p.lhcre_client_id = o.lhcre_client_id AND p.nhs_number = o.nhs_number AND p.sequence < o.sequence)
 *   ORDER BY o.sequence LIMIT :limit
 */
export interface OutboxPort {
  due(now: Date, limit: number): readonly OutboxItem[];
  markDelivered(id: string, at: Date): void;
  markRetry(id: string, attempts: number, nextAttemptAt: Date, lastError: string): void;
  markAbandoned(id: string, at: Date, lastError: string): void;
}

export interface OutboxRecord {
  readonly item: OutboxItem;
  readonly state: OutboxState;
  readonly nextAttemptAt: Date;
  readonly lastError: string | undefined;
  readonly finishedAt: Date | undefined;
}

export type NewOutboxItem = Omit<OutboxItem, 'sequence' | 'attempts'> & { readonly nextAttemptAt?: Date };

/** The store's contract in memory, for tests and for running the notifier without a database. */
export class InMemoryOutbox implements OutboxPort {
  readonly #records = new Map<string, OutboxRecord>();
  #sequence = 0;

  add(item: NewOutboxItem, now: Date = new Date(0)): OutboxItem {
    this.#sequence += 1;
    const { nextAttemptAt, ...rest } = item;
    const stored: OutboxItem = { ...rest, sequence: this.#sequence, attempts: 0 };
    this.#records.set(item.id, {
      item: stored,
      state: 'pending',
      nextAttemptAt: nextAttemptAt ?? now,
      lastError: undefined,
      finishedAt: undefined,
    });
    return stored;
  }

  get(id: string): OutboxRecord | undefined {
    return this.#records.get(id);
  }

  records(): readonly OutboxRecord[] {
    return [...this.#records.values()];
  }

  due(now: Date, limit: number): readonly OutboxItem[] {
    const blocked = new Set<string>();
    const due: OutboxItem[] = [];
    const pending = this.records()
      .filter((record) => record.state === 'pending')
      .sort((a, b) => a.item.sequence - b.item.sequence);
    for (const record of pending) {
      const key = orderingKey(record.item);
      if (blocked.has(key)) continue;
      blocked.add(key);
      if (record.nextAttemptAt.getTime() <= now.getTime()) due.push(record.item);
      if (due.length >= limit) break;
    }
    return due;
  }

  markDelivered(id: string, at: Date): void {
    this.#update(id, (record) => ({ ...record, state: 'delivered', finishedAt: at }));
  }

  markRetry(id: string, attempts: number, nextAttemptAt: Date, lastError: string): void {
    this.#update(id, (record) => ({ ...record, item: { ...record.item, attempts }, nextAttemptAt, lastError }));
  }

  markAbandoned(id: string, at: Date, lastError: string): void {
    this.#update(id, (record) => ({ ...record, state: 'abandoned', finishedAt: at, lastError }));
  }

  #update(id: string, change: (record: OutboxRecord) => OutboxRecord): void {
    const record = this.#records.get(id);
    if (record !== undefined) this.#records.set(id, change(record));
  }
}

/** Notifications for one LHCRE about one patient are delivered strictly in order. */
export function orderingKey(item: Pick<OutboxItem, 'lhcreClientId' | 'nhsNumber'>): string {
  return `${item.lhcreClientId}\u0000${item.nhsNumber}`;
}
