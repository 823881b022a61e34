import { NHS_NUMBER_SYSTEM } from '@raflag/core';
import type { Flag, Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.js';
import type { SearchQuery, StoredVersion, WriteResult } from './store.js';
import { flag, patient } from './test-support/sample-resources.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

function ok(result: WriteResult): StoredVersion {
  if (!result.ok) throw new Error(`write refused: ${result.refusal.kind}`);
  return result.version;
}

const flagsOf = (nhsNumber: string): SearchQuery => ({
  resourceType: 'Flag',
  conditions: [{ kind: 'identifier', param: 'patient', values: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }] }],
  sort: '-lastUpdated',
  count: 10,
});

const version = (id: string, versionId: number): StoredVersion => ({
  resourceType: 'Flag',
  id,
  versionId,
  lastUpdated: '2026-11-26T12:00:00.000Z',
  deleted: false,
  resource: { resourceType: 'Flag', id, status: 'active', code: { text: 'x' }, subject: { reference: 'Patient/p' } } as Flag,
});

describe('ReadCache', () => {
  it('forgets the least recently used resource first', () => {
    const cache = new ReadCache({ resources: 2, searches: 1 });
    cache.rememberCurrent(version('a', 1));
    cache.rememberCurrent(version('b', 1));
    expect(cache.currentVersion('Flag', 'a')).toBeDefined(); // a is now the most recent
    cache.rememberCurrent(version('c', 1));
    expect(cache.currentVersion('Flag', 'b')).toBeUndefined();
    expect(cache.currentVersion('Flag', 'a')).toBeDefined();
    expect(cache.currentVersion('Flag', 'c')).toBeDefined();
  });

  it('hands out frozen resources, so no caller can change what the next caller reads', () => {
    const cached = new ReadCache().rememberCurrent(version('a', 1));
    expect(() => {
      (cached.resource as Flag).status = 'inactive';
    }).toThrow(TypeError);
    expect(() => {
      (cached.resource as Flag & { code: { text: string } }).code.text = 'changed';
    }).toThrow(TypeError);
  });

  it('drops a search answer once any type it depends on is written', () => {
    const cache = new ReadCache();
    const page = { matches: [version('a', 1)] };
    cache.rememberSearch('k', ['Flag', 'Patient'], page);
    cache.written('Condition', 'x');
    expect(cache.search('k', ['Flag', 'Patient'])?.matches).toHaveLength(1);
    cache.written('Patient', 'p');
    expect(cache.search('k', ['Flag', 'Patient'])).toBeUndefined();
  });

  it('with zero capacity keeps nothing', () => {
    const cache = new ReadCache({ resources: 0, searches: 0 });
    cache.rememberCurrent(version('a', 1));
    cache.rememberSearch('k', ['Flag'], { matches: [] });
    expect(cache.currentVersion('Flag', 'a')).toBeUndefined();
    expect(cache.search('k', ['Flag'])).toBeUndefined();
  });
});

describe.each([
  ['with the read cache', undefined],
  ['with the read cache off', { resources: 0, searches: 0 }],
])('SQLite store reads stay exact %s', (_name, readCache) => {
  let temp: TempStore;
  let patientId: string;

  beforeEach(async () => {
    temp = await openTempStore({ readCache });
    patientId = ok(await temp.store.transaction((tx) => tx.update({ ...patient('9000000009'), id: 'p1' }))).id;
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('a read after an update answers the new version, never the cached one', async () => {
    const first = ok(await temp.store.transaction((tx) => tx.create(flag({ patientId }))));
    expect((await temp.store.read('Flag', first.id))?.versionId).toBe(1);
    await temp.store.transaction((tx) => tx.update({ ...flag({ patientId, status: 'inactive' }), id: first.id }, { ifMatch: 1 }));
    const again = await temp.store.read('Flag', first.id);
    expect(again?.versionId).toBe(2);
    expect((again?.resource as Flag).status).toBe('inactive');
    expect((await temp.store.vread('Flag', first.id, 1))?.resource).toMatchObject({ status: 'active' });
  });

  it('a read after a delete answers the tombstone', async () => {
    const created = ok(await temp.store.transaction((tx) => tx.create(flag({ patientId }))));
    await temp.store.read('Flag', created.id);
    await temp.store.transaction((tx) => tx.delete('Flag', created.id, { ifMatch: 1 }));
    expect(await temp.store.read('Flag', created.id)).toMatchObject({ deleted: true, versionId: 2 });
  });

  it('a search repeated after a matching create finds the new resource', async () => {
    expect((await temp.store.search(flagsOf('9000000009'))).matches).toHaveLength(0);
    const created = ok(await temp.store.transaction((tx) => tx.create(flag({ patientId }))));
    expect((await temp.store.search(flagsOf('9000000009'))).matches.map((m) => m.id)).toEqual([created.id]);
  });

  it('a search through the patient identifier follows a change to the Patient alone', async () => {
    ok(await temp.store.transaction((tx) => tx.create(flag({ patientId }))));
    expect((await temp.store.search(flagsOf('9000000009'))).matches).toHaveLength(1);
    const renumbered: Patient = { ...patient('9000000017'), id: patientId };
    await temp.store.transaction((tx) => tx.update(renumbered as Patient & { id: string }, { ifMatch: 1 }));
    expect((await temp.store.search(flagsOf('9000000009'))).matches).toHaveLength(0);
    expect((await temp.store.search(flagsOf('9000000017'))).matches).toHaveLength(1);
  });

  it('a rolled-back write leaves reads and searches answering what is committed', async () => {
    const created = ok(await temp.store.transaction((tx) => tx.create(flag({ patientId }))));
    await temp.store.read('Flag', created.id);
    await temp.store.search(flagsOf('9000000009'));
    await expect(
      temp.store.transaction((tx) => {
        tx.update({ ...flag({ patientId, status: 'inactive' }), id: created.id }, { ifMatch: 1 });
        tx.create(flag({ patientId }));
        // Inside the transaction the uncommitted state is visible...
        expect(tx.read('Flag', created.id)?.versionId).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // ...and after the rollback none of it is, cached or not.
    expect((await temp.store.read('Flag', created.id))?.versionId).toBe(1);
    expect((await temp.store.search(flagsOf('9000000009'))).matches.map((m) => m.versionId)).toEqual([1]);
  });
});
