import Database from 'better-sqlite3';
import type { Flag, Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flag, patient } from './test-support/sample-resources.js';
import { manualClock, openTempStore, type TempStore } from './test-support/temp-store.js';
import type { IdempotentResponse, WriteResult } from './store.js';
import { openSqliteStore } from './sqlite-store.js';

function written(result: WriteResult): Extract<WriteResult, { ok: true }> {
  if (!result.ok) throw new Error(`write refused: ${result.refusal.kind}`);
  return result;
}

describe('SQLite store: reads and writes', () => {
  let temp: TempStore;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set('2026-11-26T12:00:00.000Z');
    temp = await openTempStore({ now: clock.now });
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('create assigns a time-ordered UUID (v7), version 1 and lastUpdated, ignoring the client id and meta', async () => {
    const input: Patient = { ...patient('9000000009'), id: 'client-chosen', meta: { versionId: '7', profile: ['http://example.org/p'] } };
    const result = written(await temp.store.transaction((tx) => tx.create(input)));
    expect(result.created).toBe(true);
    expect(result.version.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.version).toMatchObject({ resourceType: 'Patient', versionId: 1, lastUpdated: '2026-11-26T12:00:00.000Z', deleted: false });
    expect(result.version.resource).toMatchObject({
      resourceType: 'Patient',
      id: result.version.id,
      meta: { versionId: '1', lastUpdated: '2026-11-26T12:00:00.000Z', profile: ['http://example.org/p'] },
      identifier: input.identifier,
    });
    const read = await temp.store.read('Patient', result.version.id);
    expect(read).toEqual(result.version);
  });

  it('update writes the next version and vread returns every version', async () => {
    const created = written(await temp.store.transaction((tx) => tx.create(patient('9000000009'))));
    const id = created.version.id;
    clock.advance(1000);
    const updated = written(await temp.store.transaction((tx) => tx.update({ ...patient('9000000017'), id }, { ifMatch: 1 })));
    expect(updated.created).toBe(false);
    expect(updated.version).toMatchObject({ versionId: 2, lastUpdated: '2026-11-26T12:00:01.000Z' });
    expect((await temp.store.read('Patient', id))?.versionId).toBe(2);
    expect((await temp.store.vread('Patient', id, 1))?.resource).toMatchObject({ identifier: [{ value: '9000000009' }], meta: { versionId: '1' } });
    expect((await temp.store.vread('Patient', id, 2))?.resource).toMatchObject({ identifier: [{ value: '9000000017' }], meta: { versionId: '2' } });
    expect(await temp.store.vread('Patient', id, 3)).toBeUndefined();
    expect(await temp.store.read('Patient', 'no-such-id')).toBeUndefined();
  });

  it('a stale If-Match is refused with the current version and writes nothing', async () => {
    const id = written(await temp.store.transaction((tx) => tx.create(patient('9000000009')))).version.id;
    written(await temp.store.transaction((tx) => tx.update({ ...patient('9000000017'), id }, { ifMatch: 1 })));
    const stale = await temp.store.transaction((tx) => tx.update({ ...patient('9000000025'), id }, { ifMatch: 1 }));
    expect(stale).toEqual({ ok: false, refusal: { kind: 'version-conflict', currentVersionId: 2 } });
    const staleDelete = await temp.store.transaction((tx) => tx.delete('Patient', id, { ifMatch: 1 }));
    expect(staleDelete).toEqual({ ok: false, refusal: { kind: 'version-conflict', currentVersionId: 2 } });
    expect((await temp.store.read('Patient', id))?.versionId).toBe(2);
  });

  it('update of an unknown id creates the resource with that id; with If-Match it is a conflict', async () => {
    const result = written(await temp.store.transaction((tx) => tx.update({ ...patient('9000000009'), id: 'chosen-id' })));
    expect(result).toMatchObject({ created: true, version: { id: 'chosen-id', versionId: 1 } });
    expect((await temp.store.read('Patient', 'chosen-id'))?.resource?.id).toBe('chosen-id');
    const conflict = await temp.store.transaction((tx) => tx.update({ ...patient('9000000009'), id: 'other-id' }, { ifMatch: 1 }));
    expect(conflict).toEqual({ ok: false, refusal: { kind: 'version-conflict', currentVersionId: undefined } });
    expect(await temp.store.read('Patient', 'other-id')).toBeUndefined();
  });

  it('delete writes a tombstone; read then reports it deleted; a later update recreates it', async () => {
    const id = written(await temp.store.transaction((tx) => tx.create(patient('9000000009')))).version.id;
    const deleted = written(await temp.store.transaction((tx) => tx.delete('Patient', id, { ifMatch: 1 })));
    expect(deleted.version).toMatchObject({ versionId: 2, deleted: true, resource: undefined });
    expect(await temp.store.read('Patient', id)).toMatchObject({ versionId: 2, deleted: true, resource: undefined });
    expect(await temp.store.transaction((tx) => tx.delete('Patient', id))).toEqual({ ok: false, refusal: { kind: 'gone', versionId: 2 } });
    expect(await temp.store.transaction((tx) => tx.delete('Patient', 'never'))).toEqual({ ok: false, refusal: { kind: 'not-found' } });
    expect(await temp.store.search({ resourceType: 'Patient', conditions: [], sort: 'lastUpdated', count: 10 })).toMatchObject({ matches: [] });
    const recreated = written(await temp.store.transaction((tx) => tx.update({ ...patient('9000000009'), id }, { ifMatch: 2 })));
    expect(recreated).toMatchObject({ created: true, version: { versionId: 3, deleted: false } });
    expect((await temp.store.vread('Patient', id, 2))?.deleted).toBe(true);
    const found = await temp.store.search({ resourceType: 'Patient', conditions: [{ kind: 'token', param: 'identifier', values: [{ code: '9000000009' }] }], sort: 'lastUpdated', count: 10 });
    expect(found.matches.map((match) => match.id)).toEqual([id]);
  });

  it('a delete removes the resource from every index', async () => {
    const patientId = written(await temp.store.transaction((tx) => tx.create(patient('9000000009')))).version.id;
    const flagId = written(await temp.store.transaction((tx) => tx.create(flag({ patientId, categories: [{ code: 'x' }] })))).version.id;
    await temp.store.transaction((tx) => tx.delete('Flag', flagId));
    const db = new Database(temp.file, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM search_tokens WHERE id = ?').get(flagId)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM search_references WHERE id = ?').get(flagId)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM search_tokens WHERE id = ?').get(patientId)).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  describe('If-None-Exist', () => {
    const byNhsNumber = (nhsNumber: string) => ({
      resourceType: 'Patient',
      conditions: [{ kind: 'token' as const, param: 'identifier', values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', code: nhsNumber }] }],
      sort: 'lastUpdated' as const,
      count: 20,
    });

    it('creates when nothing matches', async () => {
      const result = written(await temp.store.transaction((tx) => tx.create(patient('9000000009'), { ifNoneExist: byNhsNumber('9000000009') })));
      expect(result.created).toBe(true);
    });

    it('returns the one match without writing', async () => {
      const first = written(await temp.store.transaction((tx) => tx.create(patient('9000000009'))));
      const again = written(await temp.store.transaction((tx) => tx.create(patient('9000000009'), { ifNoneExist: byNhsNumber('9000000009') })));
      expect(again).toMatchObject({ created: false, existing: true, version: { id: first.version.id, versionId: 1 } });
      expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(1);
    });

    it('refuses when several match, with how many', async () => {
      for (let i = 0; i < 3; i += 1) await temp.store.transaction((tx) => tx.create(patient('9000000009')));
      const result = await temp.store.transaction((tx) => tx.create(patient('9000000009'), { ifNoneExist: byNhsNumber('9000000009') }));
      expect(result).toEqual({ ok: false, refusal: { kind: 'multiple-matches', count: 3 } });
      expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(3);
    });
  });

  it('a transaction that throws leaves nothing behind', async () => {
    const failing = temp.store.transaction((tx) => {
      tx.create(patient('9000000009'));
      tx.update({ ...patient('9000000017'), id: 'kept-id' });
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(0);
    expect(await temp.store.read('Patient', 'kept-id')).toBeUndefined();
    expect(await temp.store.history({ resourceType: 'Patient', count: 10 })).toMatchObject({ matches: [] });
  });

  it('refuses asynchronous work and rolls it back', async () => {
    const asyncWork = temp.store.transaction((tx) => {
      tx.create(patient('9000000009'));
      return Promise.resolve(1);
    });
    await expect(asyncWork).rejects.toThrow(/synchronous/);
    expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(0);
  });

  it('a transaction handle cannot be used after its transaction ended', async () => {
    let leaked: Parameters<Parameters<typeof temp.store.transaction>[0]>[0] | undefined;
    await temp.store.transaction((tx) => {
      leaked = tx;
    });
    expect(() => leaked?.create(patient('9000000009'))).toThrow(/ended/);
  });

  it('several writes in one transaction commit together and can read each other', async () => {
    const ids = await temp.store.transaction((tx) => {
      const p = written(tx.create(patient('9000000009'))).version.id;
      const f = written(tx.create(flag({ patientId: p }))).version.id;
      const seen = tx.search({ resourceType: 'Flag', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: p }] }], sort: 'lastUpdated', count: 5 });
      expect(seen.matches.map((match) => match.id)).toEqual([f]);
      expect(tx.read('Flag', f)?.versionId).toBe(1);
      return { p, f };
    });
    expect((await temp.store.read('Flag', ids.f))?.resource).toMatchObject({ subject: { reference: `Patient/${ids.p}` } });
  });

  describe('idempotent transactions', () => {
    const response = (id: string): IdempotentResponse => ({ status: 201, headers: { location: `Patient/${id}/_history/1` }, body: `{"id":"${id}"}` });

    it('runs the work once; a retry with the same key replays the first response without running it', async () => {
      let runs = 0;
      const work = (tx: Parameters<Parameters<typeof temp.store.transaction>[0]>[0]): string => {
        runs += 1;
        return written(tx.create(patient('9000000009'))).version.id;
      };
      const first = await temp.store.idempotentTransaction('key-1', work, response);
      expect(first.replayed).toBe(false);
      const id = first.replayed ? '' : first.result;
      const second = await temp.store.idempotentTransaction('key-1', work, response);
      expect(second).toEqual({ replayed: true, response: response(id) });
      expect(runs).toBe(1);
      expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(1);
      const other = await temp.store.idempotentTransaction('key-2', work, response);
      expect(other.replayed).toBe(false);
      expect(runs).toBe(2);
    });

    it('two attempts issued together write once', async () => {
      const work = (tx: Parameters<Parameters<typeof temp.store.transaction>[0]>[0]): string => written(tx.create(patient('9000000009'))).version.id;
      const results = await Promise.all([temp.store.idempotentTransaction('same', work, response), temp.store.idempotentTransaction('same', work, response)]);
      expect(results.map((result) => result.replayed).sort()).toEqual([false, true]);
      expect(await temp.store.count({ resourceType: 'Patient', conditions: [] })).toBe(1);
    });

    it('two stores on the same file share the keys, so a retry through another process replays too', async () => {
      const second = await openSqliteStore({ file: temp.file, now: clock.now });
      try {
        const work = (tx: Parameters<Parameters<typeof temp.store.transaction>[0]>[0]): string => written(tx.create(patient('9000000009'))).version.id;
        const first = await temp.store.idempotentTransaction('shared', work, response);
        const retried = await second.idempotentTransaction('shared', work, response);
        expect(first.replayed).toBe(false);
        expect(retried).toEqual({ replayed: true, response: response(first.replayed ? '' : first.result) });
        expect(await second.count({ resourceType: 'Patient', conditions: [] })).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('a key is forgotten after the retention window and its row purged', async () => {
      await temp.store.close();
      temp.store = await temp.reopen({ now: clock.now, idempotencyRetentionMs: 60_000 });
      let runs = 0;
      const work = (): number => (runs += 1);
      await temp.store.idempotentTransaction('old', work, () => response('a'));
      clock.advance(59_999);
      expect((await temp.store.idempotentTransaction('old', work, () => response('a'))).replayed).toBe(true);
      clock.advance(2);
      expect((await temp.store.idempotentTransaction('new', work, () => response('b'))).replayed).toBe(false);
      const db = new Database(temp.file, { readonly: true });
      try {
        expect(db.prepare('SELECT key FROM idempotency_keys ORDER BY key').all()).toEqual([{ key: 'new' }]);
      } finally {
        db.close();
      }
      expect((await temp.store.idempotentTransaction('old', work, () => response('a'))).replayed).toBe(false);
      expect(runs).toBe(3);
    });

    it('work that throws stores no response, so a retry runs it again', async () => {
      await expect(
        temp.store.idempotentTransaction(
          'k',
          () => {
            throw new Error('first attempt fails');
          },
          () => response('x'),
        ),
      ).rejects.toThrow('first attempt fails');
      const retry = await temp.store.idempotentTransaction('k', () => 'ran', () => response('x'));
      expect(retry).toEqual({ replayed: false, result: 'ran' });
    });
  });

  it('everything is there after the file is closed and reopened', async () => {
    const ids = await temp.store.transaction((tx) => {
      const p = written(tx.create(patient('9000000009'))).version.id;
      const f = written(tx.create(flag({ patientId: p }))).version.id;
      return { p, f };
    });
    await temp.store.transaction((tx) => tx.update({ ...(flag({ patientId: ids.p, status: 'inactive' }) as Flag), id: ids.f }, { ifMatch: 1 }));
    await temp.store.idempotentTransaction('remembered', () => 1, () => ({ status: 200, headers: {}, body: '{}' }));
    const store = await temp.reopen({ now: clock.now });
    expect(await store.read('Flag', ids.f)).toMatchObject({ versionId: 2, resource: { status: 'inactive' } });
    expect((await store.vread('Flag', ids.f, 1))?.resource).toMatchObject({ status: 'active' });
    const search = await store.search({
      resourceType: 'Flag',
      conditions: [{ kind: 'identifier', param: 'patient', values: [{ value: '9000000009' }] }],
      sort: 'lastUpdated',
      count: 10,
    });
    expect(search.matches.map((match) => match.id)).toEqual([ids.f]);
    expect((await store.idempotentTransaction('remembered', () => 2, () => ({ status: 500, headers: {}, body: '' }))).replayed).toBe(true);
  });

  it('rebuilds the index rows on open when the search-parameter definitions changed', async () => {
    const p = written(await temp.store.transaction((tx) => tx.create(patient('9000000009')))).version.id;
    const f = written(await temp.store.transaction((tx) => tx.create(flag({ patientId: p, categories: [{ code: 'c1' }] })))).version.id;
    await temp.store.transaction((tx) => tx.delete('Patient', p));
    await temp.store.close();
    // Simulate a database written by a release that indexed nothing.
    const db = new Database(temp.file);
    db.exec("DELETE FROM search_tokens; DELETE FROM search_references; UPDATE store_meta SET value = 'older' WHERE name = 'search-index-signature'");
    db.close();
    const store = await temp.reopen({ now: clock.now });
    const byCategory = await store.search({ resourceType: 'Flag', conditions: [{ kind: 'token', param: 'category', values: [{ code: 'c1' }] }], sort: 'lastUpdated', count: 5 });
    expect(byCategory.matches.map((match) => match.id)).toEqual([f]);
    const byPatient = await store.count({ resourceType: 'Flag', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: p }] }] });
    expect(byPatient).toBe(1);
    // The deleted Patient stays out of the indexes.
    expect(await store.count({ resourceType: 'Patient', conditions: [{ kind: 'token', param: 'identifier', values: [{ code: '9000000009' }] }] })).toBe(0);
  });

  it('runs on WAL with synchronous=FULL and foreign keys on, and the file stays intact after many writes', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      await temp.store.transaction((tx) => {
        for (let i = 0; i < 10; i += 1) {
          const p = written(tx.create(patient(String(9000000000 + batch * 10 + i)))).version.id;
          ids.push(written(tx.create(flag({ patientId: p, details: [`Condition/c${i}`] }))).version.id);
        }
      });
    }
    for (const [index, id] of ids.entries()) {
      if (index % 3 === 0) await temp.store.transaction((tx) => tx.delete('Flag', id, { ifMatch: 1 }));
      else if (index % 3 === 1) await temp.store.transaction((tx) => tx.update({ ...flag({ patientId: 'p', status: 'inactive' }), id }, { ifMatch: 1 }));
    }
    await temp.store.close();
    const db = new Database(temp.file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
    temp.store = await temp.reopen({ now: clock.now });
  });
});
