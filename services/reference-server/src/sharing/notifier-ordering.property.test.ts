import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Notifier } from './notifier.js';
import { InMemoryOutbox, orderingKey, type OutboxItem } from './outbox.js';

const NHS = ['9000000009', '9434765919'];
const LHCRES = ['lhcre-a', 'lhcre-b'];

const rowArb = fc.record({
  lhcre: fc.constantFrom(...LHCRES),
  nhs: fc.constantFrom(...NHS),
  event: fc.constantFrom('record-changed' as const, 'withdrawn' as const),
});

describe('Notifier ordering (property)', () => {
  it('never posts a notification while an earlier one for the same LHCRE and patient is still pending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 60 }), async (rows, failures) => {
        const outbox = new InMemoryOutbox();
        let now = new Date('2026-11-26T10:00:00Z');
        const items: OutboxItem[] = rows.map((row, index) =>
          outbox.add(
            {
              id: `n-${index}`,
              lhcreClientId: row.lhcre,
              endpoint: `https://${row.lhcre}.example/notify`,
              event: row.event,
              nhsNumber: row.nhs,
              resources: row.event === 'withdrawn' ? [] : [`Flag/${index}`],
              changedAt: now.toISOString(),
            },
            now,
          ),
        );
        const violations: string[] = [];
        let call = 0;
        const fakeFetch: typeof fetch = (input, init) => {
          const id = (JSON.parse(String(init?.body)) as { notificationId: string }).notificationId;
          const posted = items.find((item) => item.id === id);
          for (const earlier of items) {
            if (posted === undefined || earlier.sequence >= posted.sequence) continue;
            if (orderingKey(earlier) !== orderingKey(posted)) continue;
            if (outbox.get(earlier.id)?.state === 'pending') violations.push(`${id} posted before ${earlier.id} (${String(input)})`);
          }
          const fail = failures[call % Math.max(1, failures.length)] === true;
          call += 1;
          return Promise.resolve(new Response(null, { status: fail ? 500 : 204 }));
        };
        const notifier = new Notifier({
          outbox,
          sign: (payload) => Promise.resolve(JSON.stringify(payload)),
          fetch: fakeFetch,
          clock: () => now,
          random: () => 0,
          maxAttempts: 3,
          baseDelayMs: 1_000,
          batchSize: 5,
        });
        for (let round = 0; round < 20; round += 1) {
          await notifier.drain();
          now = new Date(now.getTime() + 3_600_000);
        }
        expect(violations).toEqual([]);
        expect(outbox.records().every((record) => record.state !== 'pending')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
