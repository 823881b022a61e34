import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, openTempStore, type TempStore } from './test-support/temp-store.js';

const T0 = '2026-11-26T12:00:00.000Z';
const nowSeconds = Date.parse(T0) / 1000;

describe('SQLite store: single-use client-assertion ids', () => {
  let temp: TempStore;
  const clock = manualClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    temp = await openTempStore({ now: clock.now });
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  function rows(): { issuer: string; jti: string; expires_at: number }[] {
    const db = new Database(temp.file, { readonly: true });
    try {
      return db.prepare('SELECT issuer, jti, expires_at FROM used_jti ORDER BY issuer, jti').all() as { issuer: string; jti: string; expires_at: number }[];
    } finally {
      db.close();
    }
  }

  it('accepts a jti the first time and refuses its replay', () => {
    const cache = temp.store.jtiCache();
    expect(cache.claim('gp-system', 'jti-1', nowSeconds + 300)).toBe(true);
    expect(cache.claim('gp-system', 'jti-1', nowSeconds + 300)).toBe(false);
    // Another handle on the same store shares the table.
    expect(temp.store.jtiCache().claim('gp-system', 'jti-1', nowSeconds + 300)).toBe(false);
  });

  it('keeps issuers apart: the same jti from another client is its own', () => {
    const cache = temp.store.jtiCache();
    expect(cache.claim('gp-system', 'shared', nowSeconds + 60)).toBe(true);
    expect(cache.claim('hospital', 'shared', nowSeconds + 60)).toBe(true);
    expect(cache.claim('gp-system', 'other', nowSeconds + 60)).toBe(true);
    expect(cache.claim('hospital', 'shared', nowSeconds + 60)).toBe(false);
  });

  it('refuses a replay after the store is closed and reopened (a server restart)', async () => {
    expect(temp.store.jtiCache().claim('gp-system', 'jti-1', nowSeconds + 300)).toBe(true);
    const reopened = await temp.reopen({ now: clock.now });
    expect(reopened.jtiCache().claim('gp-system', 'jti-1', nowSeconds + 300)).toBe(false);
    expect(reopened.jtiCache().claim('gp-system', 'jti-2', nowSeconds + 300)).toBe(true);
  });

  it('remembers a jti through exp plus the clock tolerance, then purges it on a later claim', () => {
    const cache = temp.store.jtiCache();
    expect(cache.claim('gp-system', 'old', nowSeconds + 10)).toBe(true);
    expect(cache.claim('gp-system', 'young', nowSeconds + 300)).toBe(true);
    // 20 s past exp is inside the 30 s tolerance: still a replay.
    clock.advance(30_000);
    expect(cache.claim('gp-system', 'old', nowSeconds + 10)).toBe(false);
    expect(rows().map((row) => row.jti)).toEqual(['old', 'young']);
    // 31 s past exp: forgotten. Any claim sweeps it out; the young one stays.
    clock.advance(11_000);
    expect(cache.claim('hospital', 'unrelated', nowSeconds + 400)).toBe(true);
    expect(rows()).toEqual([
      { issuer: 'gp-system', jti: 'young', expires_at: nowSeconds + 330 },
      { issuer: 'hospital', jti: 'unrelated', expires_at: nowSeconds + 430 },
    ]);
  });

  it('accepts a pair again once it is past its time even before a sweep removed it', () => {
    const cache = temp.store.jtiCache();
    expect(cache.claim('gp-system', 'old', nowSeconds + 10)).toBe(true);
    clock.advance(41_000);
    // The assertion check refuses such an exp anyway; the cache must not claim a stale memory.
    expect(cache.claim('gp-system', 'old', nowSeconds + 100)).toBe(true);
    expect(cache.claim('gp-system', 'old', nowSeconds + 100)).toBe(false);
  });

  it('honours a configured tolerance, and rounds a fractional exp up', async () => {
    const store = await temp.reopen({ now: clock.now, jtiToleranceSeconds: 0 });
    const cache = store.jtiCache();
    expect(cache.claim('gp-system', 'a', nowSeconds + 0.5)).toBe(true);
    expect(rows()).toEqual([{ issuer: 'gp-system', jti: 'a', expires_at: nowSeconds + 1 }]);
    clock.advance(1_000);
    expect(cache.claim('gp-system', 'a', nowSeconds + 0.5)).toBe(false);
    clock.advance(1_000);
    expect(cache.claim('gp-system', 'b', nowSeconds + 60)).toBe(true);
    expect(rows().map((row) => row.jti)).toEqual(['b']);
  });

  it('refuses to run inside transaction work, where it would commit or roll back with the group', async () => {
    const cache = temp.store.jtiCache();
    await expect(temp.store.transaction(() => cache.claim('gp-system', 'inside', nowSeconds + 60))).rejects.toThrow(/outside store.transaction/);
    expect(rows()).toEqual([]);
    expect(cache.claim('gp-system', 'inside', nowSeconds + 60)).toBe(true);
  });
});
