import { checkNotification, NOTIFICATION_TYP, type SignNotification } from './notification.js';
import { orderingKey, type OutboxItem, type OutboxPort } from './outbox.js';
import { backoffDelayMs, retryAfterMs, type RetryPolicy } from './retry-policy.js';

/** Every state change the notifier records, also handed to `onState` for logs and metrics. */
export type DeliveryRecord =
  | { readonly state: 'delivered'; readonly id: string; readonly lhcreClientId: string; readonly attempts: number; readonly status: number; readonly at: Date }
  | { readonly state: 'retry'; readonly id: string; readonly lhcreClientId: string; readonly attempts: number; readonly error: string; readonly nextAttemptAt: Date; readonly at: Date }
  | { readonly state: 'abandoned'; readonly id: string; readonly lhcreClientId: string; readonly attempts: number; readonly error: string; readonly at: Date };

export interface NotifierOptions {
  readonly outbox: OutboxPort;
  readonly sign: SignNotification;
  readonly fetch?: typeof fetch | undefined;
  readonly clock?: (() => Date) | undefined;
  /** In [0, 1); injected so tests can pin the jitter. */
  readonly random?: (() => number) | undefined;
  /** Attempts before giving up, the first included. */
  readonly maxAttempts?: number | undefined;
  readonly baseDelayMs?: number | undefined;
  readonly maxDelayMs?: number | undefined;
  readonly maxRetryAfterMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
  readonly pollIntervalMs?: number | undefined;
  /** Items taken from the outbox per poll. */
  readonly batchSize?: number | undefined;
  readonly onState?: ((record: DeliveryRecord) => void) | undefined;
}

export interface DrainResult {
  readonly delivered: number;
  readonly retried: number;
  readonly abandoned: number;
}

type Outcome = { ok: true; status: number } | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean };

/**
 * Delivers the outbox: signs each notification with the server key and POSTs it to the LHCRE.
 * One poll runs at a time, so `drain()` during a running poll waits its turn rather than
 * delivering an item twice.
 */
export class Notifier {
  readonly #outbox: OutboxPort;
  readonly #sign: SignNotification;
  readonly #fetch: typeof fetch;
  readonly #clock: () => Date;
  readonly #random: () => number;
  readonly #maxAttempts: number;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #pollMs: number;
  readonly #batch: number;
  readonly #onState: (record: DeliveryRecord) => void;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: NotifierOptions) {
    this.#outbox = options.outbox;
    this.#sign = options.sign;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#clock = options.clock ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.#policy = {
      baseDelayMs: options.baseDelayMs ?? 2_000,
      maxDelayMs: options.maxDelayMs ?? 60 * 60_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 6 * 60 * 60_000,
    };
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#pollMs = options.pollIntervalMs ?? 1_000;
    this.#batch = Math.max(1, options.batchSize ?? 50);
    this.#onState = options.onState ?? (() => {});
  }

  /** Polls the outbox every `pollIntervalMs` until `stop()`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops polling and waits for a delivery in flight, so shutdown never cuts a POST in half. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#queue.catch(() => undefined);
  }

  /** Delivers everything due now, poll after poll, until nothing is due; for tests and shutdown. */
  async drain(): Promise<DrainResult> {
    const total = { delivered: 0, retried: 0, abandoned: 0 };
    for (;;) {
      const round = await this.runOnce();
      total.delivered += round.delivered;
      total.retried += round.retried;
      total.abandoned += round.abandoned;
      if (round.delivered + round.retried + round.abandoned === 0) return total;
    }
  }

  /** One poll: take what is due and try each once. */
  runOnce(): Promise<DrainResult> {
    const run = this.#queue.catch(() => undefined).then(() => this.#poll());
    this.#queue = run;
    return run;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.runOnce()
        .catch(() => undefined)
        .finally(() => this.#schedule());
    }, this.#pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<DrainResult> {
    const items = this.#outbox.due(this.#clock(), this.#batch);
    const byKey = new Map<string, OutboxItem[]>();
    for (const item of [...items].sort((a, b) => a.sequence - b.sequence)) {
      const key = orderingKey(item);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [item]);
      else list.push(item);
    }
    const result = { delivered: 0, retried: 0, abandoned: 0 };
    // Different patients or LHCREs go in parallel; one patient's notifications to one LHCRE go one
    // after another, and a failure stops the rest so nothing overtakes the one that must be retried.
    await Promise.all(
      [...byKey.values()].map(async (sequence) => {
        for (const item of sequence) {
          const state = await this.#deliver(item);
          result[state] += 1;
          if (state === 'retried') return;
        }
      }),
    );
    return result;
  }

  async #deliver(item: OutboxItem): Promise<'delivered' | 'retried' | 'abandoned'> {
    const outcome = await this.#attempt(item);
    const at = this.#clock();
    const attempts = item.attempts + 1;
    const base = { id: item.id, lhcreClientId: item.lhcreClientId, attempts, at };
    if (outcome.ok) {
      this.#outbox.markDelivered(item.id, at);
      this.#onState({ state: 'delivered', ...base, status: outcome.status });
      return 'delivered';
    }
    if (outcome.permanent === true || attempts >= this.#maxAttempts) {
      const error = outcome.permanent === true ? outcome.error : `${outcome.error} Gave up after ${attempts} attempts.`;
      this.#outbox.markAbandoned(item.id, at, error);
      this.#onState({ state: 'abandoned', ...base, error });
      return 'abandoned';
    }
    const delay = outcome.retryAfterMs ?? backoffDelayMs(this.#policy, attempts, this.#random);
    const nextAttemptAt = new Date(at.getTime() + delay);
    this.#outbox.markRetry(item.id, attempts, nextAttemptAt, outcome.error);
    this.#onState({ state: 'retry', ...base, error: outcome.error, nextAttemptAt });
    return 'retried';
  }

  async #attempt(item: OutboxItem): Promise<Outcome> {
    if (!isHttpUrl(item.endpoint)) {
      return { ok: false, permanent: true, error: 'The LHCRE endpoint is not an http(s) URL; fix its sharing agreement.' };
    }
    const claims = checkNotification({
      event: item.event,
      patient: { nhsNumber: item.nhsNumber },
      resources: item.resources,
      changedAt: item.changedAt,
      notificationId: item.id,
    });
    if (!claims.ok) return { ok: false, permanent: true, error: `The outbox row is not a valid notification (${claims.error}).` };
    let jwt: string;
    try {
      jwt = await this.#sign(claims.claims, { typ: NOTIFICATION_TYP, audience: item.lhcreClientId });
    } catch {
      return { ok: false, error: 'Signing the notification failed; check the server signing key.' };
    }
    try {
      const response = await this.#fetch(item.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/jwt' },
        body: jwt,
        // A redirect could lead anywhere; the registered endpoint is the only place we post to.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // The answer's body is never needed; release it without waiting on the peer.
      void response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      const wait = retryAfterMs(response.headers.get('retry-after'), this.#clock(), this.#policy);
      return {
        ok: false,
        error: `The LHCRE endpoint answered HTTP ${response.status}.`,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return { ok: false, error: `The LHCRE endpoint did not answer within ${this.#timeoutMs} ms.` };
      }
      return { ok: false, error: `Network error reaching the LHCRE endpoint${causeCode(error)}.` };
    }
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function causeCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return ` (${cause.code})`;
  return '';
}
