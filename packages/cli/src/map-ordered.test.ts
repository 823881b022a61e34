import { describe, expect, it } from 'vitest';
import { mapOrdered } from './map-ordered.js';

async function* numbers(count: number, pulled: number[]): AsyncGenerator<number> {
  for (let n = 0; n < count; n++) {
    pulled.push(n);
    yield n;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapOrdered', () => {
  it('keeps source order although later items finish first', async () => {
    const out: number[] = [];
    for await (const value of mapOrdered(numbers(6, []), 3, async (n) => {
      await delay((6 - n) * 3);
      return n * 10;
    })) out.push(value);
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('never has more than the limit in flight, and pulls the source only when there is room', async () => {
    const pulled: number[] = [];
    let inFlight = 0;
    let most = 0;
    const results = mapOrdered(numbers(100, pulled), 4, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(1);
      inFlight--;
      return n;
    });
    const first = await results.next();
    expect(first.value).toBe(0);
    expect(pulled.length).toBeLessThanOrEqual(5);
    let count = 1;
    for await (const _ of results) count++;
    expect(count).toBe(100);
    expect(most).toBe(4);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let n = 0; ; n++) yield n;
      } finally {
        closed = true;
      }
    }
    for await (const value of mapOrdered(source(), 2, async (n) => n)) if (value === 3) break;
    expect(closed).toBe(true);
  });
});
