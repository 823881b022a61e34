import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryOutbox, type NewOutboxItem, type OutboxItem } from '../sharing/outbox.js';
import { flag, patient } from './test-support/sample-resources.js';
import { manualClock, openTempStore, type TempStore } from './test-support/temp-store.js';
import type { WriteResult } from './store.js';

function written(result: WriteResult): Extract<WriteResult, { ok: true }> {
  if (!result.ok) throw new Error(`write refused: ${result.refusal.kind}`);
  return result;
}

const T0 = '2026-11-26T12:00:00.000Z';
const at = (offsetMs: number): Date => new Date(Date.parse(T0) + offsetMs);

let counter = 0;
function item(lhcreClientId: string, nhsNumber: string, extra: Partial<NewOutboxItem> = {}): NewOutboxItem {
  counter += 1;
  return {
    id: `n-${counter}`,
    lhcreClientId,
    endpoint: `https://${lhcreClientId}.example/notify`,
    event: 'record-changed',
    nhsNumber,
    resources: ['Flag/f1'],
    changedAt: T0,
    ...extra,
  };
}

const ids = (items: readonly OutboxItem[]): string[] => items.map((entry) => entry.id);

describe('SQLite store: the notification outbox', () => {
  let temp: TempStore;
  const clock = manualClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    temp = await openTempStore({ now: clock.now });
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('a row added in a transaction commits with the write, pending, due now, with no attempts', async () => {
    const { record, added } = await temp.store.transaction((tx) => {
      const p = written(tx.create(patient('9000000009'))).version.id;
      const f = written(tx.create(flag({ patientId: p }))).version.id;
      return { record: f, added: tx.addOutbox(item('lhcre-a', '9000000009', { resources: [`Patient/${p}`, `Flag/${f}`] })) };
    });
    expect(await temp.store.read('Flag', record)).toBeDefined();
    expect(added).toMatchObject({ lhcreClientId: 'lhcre-a', attempts: 0, sequence: expect.any(Number) as number });
    const records = temp.store.outboxRecords();
    expect(records).toEqual([{ item: added, state: 'pending', nextAttemptAt: at(0), lastError: undefined, finishedAt: undefined }]);
    expect(records[0]?.item.resources).toHaveLength(2);
    expect(ids(temp.store.outbox().due(at(0), 10))).toEqual([added.id]);
  });

  it('keeps an explicit first attempt time: not due before it', async () => {
    const added = await temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009', { nextAttemptAt: at(5_000) })));
    expect(temp.store.outbox().due(at(4_999), 10)).toEqual([]);
    expect(ids(temp.store.outbox().due(at(5_000), 10))).toEqual([added.id]);
  });

  it('a transaction that throws after addOutbox leaves neither the write nor the row', async () => {
    let flagId = '';
    await expect(
      temp.store.transaction((tx) => {
        flagId = written(tx.create(flag({ patientId: 'p1' }))).version.id;
        tx.addOutbox(item('lhcre-a', '9000000009'));
        throw new Error('consent check failed after the write');
      }),
    ).rejects.toThrow('consent check failed');
    expect(flagId).not.toBe('');
    expect(await temp.store.read('Flag', flagId)).toBeUndefined();
    expect(temp.store.outboxRecords()).toEqual([]);
    expect(temp.store.outbox().due(at(0), 10)).toEqual([]);
  });

  it('in one group commit, only the failing transaction loses its rows; the others keep theirs', async () => {
    const kept = temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')).id);
    const lost = temp.store.transaction((tx) => {
      tx.addOutbox(item('lhcre-a', '9000000017'));
      throw new Error('rolled back');
    });
    const alsoKept = temp.store.transaction((tx) => tx.addOutbox(item('lhcre-b', '9000000009')).id);
    const [first, , third] = await Promise.allSettled([kept, lost, alsoKept]);
    expect(first).toMatchObject({ status: 'fulfilled' });
    expect(third).toMatchObject({ status: 'fulfilled' });
    expect(temp.store.outboxRecords().map((record) => record.item.nhsNumber + ' ' + record.item.lhcreClientId)).toEqual([
      '9000000009 lhcre-a',
      '9000000009 lhcre-b',
    ]);
  });

  it('assigns increasing sequences in commit order', async () => {
    const a = await temp.store.transaction((tx) => [tx.addOutbox(item('lhcre-a', '9000000009')), tx.addOutbox(item('lhcre-b', '9000000009'))]);
    const b = await temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')));
    const sequences = [...a, b].map((entry) => entry.sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(3);
  });

  describe('due() honours the ordering contract', () => {
    it('an item waits while an earlier one for the same LHCRE and patient is pending, even one not due yet', async () => {
      const [first, second] = await temp.store.transaction((tx) => [
        tx.addOutbox(item('lhcre-a', '9000000009')),
        tx.addOutbox(item('lhcre-a', '9000000009', { event: 'withdrawn', resources: [] })),
      ]);
      if (first === undefined || second === undefined) throw new Error('two rows expected');
      const outbox = temp.store.outbox();
      expect(ids(outbox.due(at(0), 10))).toEqual([first.id]);
      outbox.markRetry(first.id, 1, at(60_000), 'HTTP 503');
      // The withdrawn is due by its own time but must not overtake the record-changed.
      expect(outbox.due(at(1_000), 10)).toEqual([]);
      expect(ids(outbox.due(at(60_000), 10))).toEqual([first.id]);
      outbox.markDelivered(first.id, at(60_001));
      expect(ids(outbox.due(at(60_001), 10))).toEqual([second.id]);
    });

    it('an abandoned item releases the ones behind it', async () => {
      const [first, second] = await temp.store.transaction((tx) => [tx.addOutbox(item('lhcre-a', '9000000009')), tx.addOutbox(item('lhcre-a', '9000000009'))]);
      if (first === undefined || second === undefined) throw new Error('two rows expected');
      temp.store.outbox().markAbandoned(first.id, at(1), 'gave up after 8 attempts');
      expect(ids(temp.store.outbox().due(at(1), 10))).toEqual([second.id]);
    });

    it('other LHCREs and other patients are not held back', async () => {
      const rows = await temp.store.transaction((tx) => [
        tx.addOutbox(item('lhcre-a', '9000000009', { nextAttemptAt: at(60_000) })),
        tx.addOutbox(item('lhcre-a', '9000000009')),
        tx.addOutbox(item('lhcre-b', '9000000009')),
        tx.addOutbox(item('lhcre-a', '9000000017')),
      ]);
      expect(ids(temp.store.outbox().due(at(0), 10))).toEqual([rows[2]?.id, rows[3]?.id]);
    });

    it('answers in sequence order, at most `limit` items', async () => {
      const rows = await temp.store.transaction((tx) => ['1', '2', '3', '4'].map((n) => tx.addOutbox(item(`lhcre-${n}`, '9000000009'))));
      expect(ids(temp.store.outbox().due(at(0), 3))).toEqual(ids(rows.slice(0, 3)));
      expect(temp.store.outbox().due(at(0), 0)).toEqual([]);
    });

    it('agrees with the in-memory model of the contract over random histories', async () => {
      type Step =
        | { readonly kind: 'add'; readonly lhcre: number; readonly patient: number; readonly delay: number }
        | { readonly kind: 'deliver' | 'abandon'; readonly pick: number }
        | { readonly kind: 'retry'; readonly pick: number; readonly delay: number }
        | { readonly kind: 'due'; readonly when: number; readonly limit: number };
      const step: fc.Arbitrary<Step> = fc.oneof(
        fc.record({ kind: fc.constant('add' as const), lhcre: fc.nat(1), patient: fc.nat(1), delay: fc.nat(5) }),
        fc.record({ kind: fc.constantFrom('deliver' as const, 'abandon' as const), pick: fc.nat(50) }),
        fc.record({ kind: fc.constant('retry' as const), pick: fc.nat(50), delay: fc.nat(5) }),
        fc.record({ kind: fc.constant('due' as const), when: fc.nat(6), limit: fc.integer({ min: 1, max: 6 }) }),
      );
      const nhs = ['9000000009', '9000000017', '9000000025'];
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
          run += 1;
          const store = temp.store;
          const model = new InMemoryOutbox();
          const outbox = store.outbox();
          const pending = (): string[] => model.records().filter((record) => record.state === 'pending').map((record) => record.item.id);
          for (const [index, current] of steps.entries()) {
            if (current.kind === 'add') {
              const next = item(`lhcre-${current.lhcre}`, nhs[current.patient] ?? '', { id: `r${run}-${index}`, nextAttemptAt: at(current.delay) });
              const stored = await store.transaction((tx) => tx.addOutbox(next));
              model.add(next);
              expect(model.get(next.id)?.item.lhcreClientId).toBe(stored.lhcreClientId);
            } else if (current.kind === 'due') {
              const expected = ids(model.due(at(current.when), current.limit));
              expect(ids(outbox.due(at(current.when), current.limit))).toEqual(expected);
            } else {
              const choices = pending();
              const id = choices[current.pick % Math.max(1, choices.length)];
              if (id === undefined) continue;
              const retryAt = current.kind === 'retry' ? at(current.delay) : undefined;
              for (const target of [outbox, model]) {
                if (retryAt !== undefined) target.markRetry(id, 1, retryAt, 'y');
                else if (current.kind === 'deliver') target.markDelivered(id, at(7));
                else target.markAbandoned(id, at(7), 'x');
              }
            }
          }
          // Clear the way for the next history: finish everything this one left pending.
          for (const id of pending()) outbox.markAbandoned(id, at(0), 'end of history');
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('delivery states', () => {
    it('retry, delivered and abandoned round-trip through the database, and survive a reopen', async () => {
      const [a, b, c] = await temp.store.transaction((tx) => [
        tx.addOutbox(item('lhcre-a', '9000000009')),
        tx.addOutbox(item('lhcre-a', '9000000017')),
        tx.addOutbox(item('lhcre-b', '9000000009', { event: 'withdrawn', resources: [] })),
      ]);
      if (a === undefined || b === undefined || c === undefined) throw new Error('three rows expected');
      const outbox = temp.store.outbox();
      outbox.markRetry(a.id, 1, at(2_000), 'HTTP 503 from the endpoint');
      outbox.markRetry(b.id, 3, at(8_000), 'timeout');
      outbox.markDelivered(b.id, at(9_000));
      outbox.markAbandoned(c.id, at(9_500), 'HTTP 410: endpoint gone');
      const expected = [
        { item: { ...a, attempts: 1 }, state: 'pending', nextAttemptAt: at(2_000), lastError: 'HTTP 503 from the endpoint', finishedAt: undefined },
        { item: { ...b, attempts: 3 }, state: 'delivered', nextAttemptAt: at(8_000), lastError: 'timeout', finishedAt: at(9_000) },
        { item: c, state: 'abandoned', nextAttemptAt: at(0), lastError: 'HTTP 410: endpoint gone', finishedAt: at(9_500) },
      ];
      expect(temp.store.outboxRecords()).toEqual(expected);
      const reopened = await temp.reopen({ now: clock.now });
      expect(reopened.outboxRecords()).toEqual(expected);
      expect(ids(reopened.outbox().due(at(2_000), 10))).toEqual([a.id]);
      // Sequences carry on after a restart; they are never reused.
      const d = await reopened.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')));
      expect(d.sequence).toBeGreaterThan(c.sequence);
      // And the ordering contract holds across the restart: d waits behind a.
      expect(ids(reopened.outbox().due(at(2_000), 10))).toEqual([a.id]);
    });

    it('a finished row is final: later marks change nothing', async () => {
      const a = await temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')));
      const outbox = temp.store.outbox();
      outbox.markDelivered(a.id, at(1));
      const before = temp.store.outboxRecords();
      outbox.markRetry(a.id, 9, at(99), 'late');
      outbox.markAbandoned(a.id, at(99), 'late');
      outbox.markDelivered(a.id, at(99));
      expect(temp.store.outboxRecords()).toEqual(before);
      expect(before[0]).toMatchObject({ state: 'delivered', finishedAt: at(1) });
    });

    it('a mark for an unknown id changes nothing', async () => {
      await temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')));
      const before = temp.store.outboxRecords();
      temp.store.outbox().markDelivered('no-such-id', at(1));
      expect(temp.store.outboxRecords()).toEqual(before);
    });

    it('marks refuse to run inside transaction work, so they never join a group commit', async () => {
      const a = await temp.store.transaction((tx) => tx.addOutbox(item('lhcre-a', '9000000009')));
      const outbox = temp.store.outbox();
      await expect(temp.store.transaction(() => outbox.markDelivered(a.id, at(1)))).rejects.toThrow(/outside store.transaction/);
      await expect(temp.store.transaction(() => outbox.due(at(1), 1))).rejects.toThrow(/outside store.transaction/);
      expect(temp.store.outboxRecords()[0]?.state).toBe('pending');
    });
  });

  it('after close, the outbox and the jti cache refuse to run rather than touch a closed database', async () => {
    const outbox = temp.store.outbox();
    const jti = temp.store.jtiCache();
    await temp.store.close();
    expect(() => outbox.due(at(0), 1)).toThrow(/closed/);
    expect(() => outbox.markDelivered('x', at(0))).toThrow(/closed/);
    expect(() => jti.claim('gp-system', 'j', 0)).toThrow(/closed/);
    expect(() => temp.store.outboxRecords()).toThrow(/closed/);
    await temp.reopen({ now: clock.now });
  });

  it('outboxRecords filters by LHCRE, by patient, or both', async () => {
    await temp.store.transaction((tx) => {
      tx.addOutbox(item('lhcre-a', '9000000009'));
      tx.addOutbox(item('lhcre-b', '9000000009'));
      tx.addOutbox(item('lhcre-a', '9000000017'));
    });
    const shape = (filter?: { lhcreClientId?: string; nhsNumber?: string }): string[] =>
      temp.store.outboxRecords(filter).map((record) => `${record.item.lhcreClientId} ${record.item.nhsNumber}`);
    expect(shape()).toEqual(['lhcre-a 9000000009', 'lhcre-b 9000000009', 'lhcre-a 9000000017']);
    expect(shape({ lhcreClientId: 'lhcre-a' })).toEqual(['lhcre-a 9000000009', 'lhcre-a 9000000017']);
    expect(shape({ nhsNumber: '9000000009' })).toEqual(['lhcre-a 9000000009', 'lhcre-b 9000000009']);
    expect(shape({ lhcreClientId: 'lhcre-b', nhsNumber: '9000000009' })).toEqual(['lhcre-b 9000000009']);
    expect(shape({ lhcreClientId: 'lhcre-c' })).toEqual([]);
  });
});
