import { describe, expect, it } from 'vitest';
import { InMemoryOutbox, type NewOutboxItem } from './outbox.js';

const T0 = new Date('2026-11-26T10:00:00Z');
const row = (id: string, over: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
  id,
  lhcreClientId: 'lhcre-a',
  endpoint: 'https://a.example/n',
  event: 'record-changed',
  nhsNumber: '9000000009',
  resources: ['Flag/1'],
  changedAt: T0.toISOString(),
  ...over,
});

describe('InMemoryOutbox.due', () => {
  it('offers only the head of each LHCRE + patient queue while it is pending', () => {
    const outbox = new InMemoryOutbox();
    outbox.add(row('a1'), T0);
    outbox.add(row('a2', { event: 'withdrawn' }), T0);
    outbox.add(row('b1', { lhcreClientId: 'lhcre-b' }), T0);
    outbox.add(row('c1', { nhsNumber: '9434765919' }), T0);
    expect(outbox.due(T0, 10).map((i) => i.id)).toEqual(['a1', 'b1', 'c1']);
  });

  it('holds back later items while the head waits for its retry, then releases them in order', () => {
    const outbox = new InMemoryOutbox();
    outbox.add(row('a1'), T0);
    outbox.add(row('a2', { event: 'withdrawn' }), T0);
    outbox.markRetry('a1', 1, new Date(T0.getTime() + 1000), 'HTTP 500');
    expect(outbox.due(T0, 10)).toEqual([]);
    expect(outbox.due(new Date(T0.getTime() + 1000), 10).map((i) => [i.id, i.attempts])).toEqual([['a1', 1]]);
    outbox.markDelivered('a1', T0);
    expect(outbox.due(T0, 10).map((i) => i.id)).toEqual(['a2']);
  });

  it('lets the queue move on past an abandoned item, and respects the limit', () => {
    const outbox = new InMemoryOutbox();
    outbox.add(row('a1'), T0);
    outbox.add(row('a2'), T0);
    outbox.add(row('b1', { lhcreClientId: 'lhcre-b' }), T0);
    outbox.markAbandoned('a1', T0, 'gave up');
    expect(outbox.due(T0, 1).map((i) => i.id)).toEqual(['a2']);
    expect(outbox.get('a1')).toMatchObject({ state: 'abandoned', lastError: 'gave up', finishedAt: T0 });
  });
});
