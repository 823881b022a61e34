import type { Patient } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM, SNOMED } from '@raflag/core';
import { CATEGORY_SYSTEM, condition, consent, FLAG_CODE_SYSTEM, flag, patient } from './test-support/sample-resources.js';
import { manualClock, openTempStore, type TempStore } from './test-support/temp-store.js';
import type { SearchCondition, SearchQuery, Store, WriteResult } from './store.js';
import { InvalidCursorError, StoreQueryError, UnsupportedSearchParameterError } from './store-errors.js';

function idOf(result: WriteResult): string {
  if (!result.ok) throw new Error(`write refused: ${result.refusal.kind}`);
  return result.version.id;
}

async function ids(store: Store, resourceType: string, conditions: readonly SearchCondition[]): Promise<string[]> {
  const page = await store.search({ resourceType, conditions, sort: 'lastUpdated', count: 100 });
  return page.matches.map((match) => match.id);
}

describe('SQLite store: search parameters', () => {
  let temp: TempStore;
  const clock = manualClock();
  const r = {} as Record<string, string>;

  beforeAll(async () => {
    temp = await openTempStore({ now: clock.now });
    const write = async (name: string, work: Parameters<Store['transaction']>[0]): Promise<void> => {
      clock.advance(1000);
      r[name] = idOf((await temp.store.transaction(work)) as WriteResult);
    };
    await write('alice', (tx) => tx.create(patient('9000000009')));
    await write('bob', (tx) => tx.create(patient('9000000017')));
    const carol: Patient = { resourceType: 'Patient', identifier: [{ value: '9000000025' }] };
    await write('carol', (tx) => tx.create(carol));
    await write('aliceCondition', (tx) => tx.create(condition(r['alice'] ?? '', '110359009')));
    await write('bobCondition', (tx) => tx.create(condition(r['bob'] ?? '', '386807006', 'resolved')));
    await write('aliceConsent', (tx) => tx.create(consent(r['alice'] ?? '', 'active', 'RACONSENT')));
    await write('bobConsent', (tx) => tx.create(consent(r['bob'] ?? '', 'inactive', 'RADISSENT')));
    await write('aliceFlag', (tx) =>
      tx.create(
        flag({
          patientId: r['alice'] ?? '',
          categories: [{ system: CATEGORY_SYSTEM, code: 'communication' }, { code: 'no-system' }],
          details: [`Condition/${r['aliceCondition']}`, `https://example.org/fhir/Consent/${r['aliceConsent']}`],
        }),
      ),
    );
    await write('aliceAdjustment', (tx) =>
      tx.create(flag({ patientId: r['alice'] ?? '', code: { system: SNOMED, code: '1104441000000107' }, categories: [{ system: 'http://other', code: 'communication' }] })),
    );
    await write('bobFlag', (tx) => tx.create(flag({ patientId: r['bob'] ?? '', status: 'inactive', details: [`Condition/${r['bobCondition']}/_history/1`] })));
    await write('carolFlag', (tx) => tx.create(flag({ patientId: r['carol'] ?? '' })));
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it.each([
    ['system|code', [{ system: CATEGORY_SYSTEM, code: 'communication' }], ['aliceFlag']],
    ['code in any system', [{ code: 'communication' }], ['aliceFlag', 'aliceAdjustment']],
    ['|code (no system)', [{ system: '', code: 'no-system' }], ['aliceFlag']],
    ['|code does not match a coded system', [{ system: '', code: 'communication' }], []],
    ['system|code in another system', [{ system: 'http://other', code: 'communication' }], ['aliceAdjustment']],
    ['alternatives (OR)', [{ system: 'http://other', code: 'communication' }, { code: 'no-system' }], ['aliceFlag', 'aliceAdjustment']],
  ] as const)('Flag category: %s', async (_label, values, expected) => {
    expect(await ids(temp.store, 'Flag', [{ kind: 'token', param: 'category', values }])).toEqual(expected.map((name) => r[name]));
  });

  it.each([
    ['Flag code', 'Flag', 'code', [{ system: SNOMED, code: '1104441000000107' }], ['aliceAdjustment']],
    ['Flag code, national flag', 'Flag', 'code', [{ system: FLAG_CODE_SYSTEM, code: 'national-reasonable-adjustment-flag' }], ['aliceFlag', 'bobFlag', 'carolFlag']],
    ['Flag status', 'Flag', 'status', [{ code: 'inactive' }], ['bobFlag']],
    ['Flag status with its system', 'Flag', 'status', [{ system: 'http://hl7.org/fhir/flag-status', code: 'active' }], ['aliceFlag', 'aliceAdjustment', 'carolFlag']],
    ['Condition code', 'Condition', 'code', [{ system: SNOMED, code: '110359009' }], ['aliceCondition']],
    ['Condition category', 'Condition', 'category', [{ code: 'problem-list-item' }], ['aliceCondition', 'bobCondition']],
    ['Condition clinical-status', 'Condition', 'clinical-status', [{ code: 'resolved' }], ['bobCondition']],
    ['Consent status', 'Consent', 'status', [{ code: 'active' }], ['aliceConsent']],
    ['Consent purpose', 'Consent', 'purpose', [{ code: 'RADISSENT' }], ['bobConsent']],
    ['Patient identifier', 'Patient', 'identifier', [{ system: NHS_NUMBER_SYSTEM, code: '9000000017' }], ['bob']],
    ['Patient identifier without system', 'Patient', 'identifier', [{ system: '', code: '9000000025' }], ['carol']],
  ] as const)('token: %s', async (_label, resourceType, param, values, expected) => {
    expect(await ids(temp.store, resourceType, [{ kind: 'token', param, values }])).toEqual(expected.map((name) => r[name]));
  });

  it.each([
    ['Flag patient', 'Flag', 'patient', 'Patient', 'alice', ['aliceFlag', 'aliceAdjustment']],
    ['Flag detail (relative)', 'Flag', 'detail', 'Condition', 'aliceCondition', ['aliceFlag']],
    ['Flag detail (absolute URL)', 'Flag', 'detail', 'Consent', 'aliceConsent', ['aliceFlag']],
    ['Flag detail (versioned)', 'Flag', 'detail', 'Condition', 'bobCondition', ['bobFlag']],
    ['Condition patient', 'Condition', 'patient', 'Patient', 'bob', ['bobCondition']],
    ['Consent patient', 'Consent', 'patient', 'Patient', 'alice', ['aliceConsent']],
  ] as const)('reference: %s', async (_label, resourceType, param, targetType, target, expected) => {
    const values = [{ type: targetType, id: r[target] ?? '' }];
    expect(await ids(temp.store, resourceType, [{ kind: 'reference', param, values }])).toEqual(expected.map((name) => r[name]));
  });

  it.each([
    ['Flag?identifier=system|value', 'Flag', 'identifier', [{ system: NHS_NUMBER_SYSTEM, value: '9000000009' }], ['aliceFlag', 'aliceAdjustment']],
    ['Flag?patient:identifier=value', 'Flag', 'patient', [{ value: '9000000017' }], ['bobFlag']],
    ['Flag?patient:identifier=|value (patient has no system)', 'Flag', 'patient', [{ system: '', value: '9000000025' }], ['carolFlag']],
    ['wrong system', 'Flag', 'identifier', [{ system: 'http://other', value: '9000000009' }], []],
    ['Condition?patient:identifier', 'Condition', 'patient', [{ value: '9000000009' }], ['aliceCondition']],
    ['Consent?patient:identifier', 'Consent', 'patient', [{ value: '9000000017' }], ['bobConsent']],
    ['Patient?identifier', 'Patient', 'identifier', [{ value: '9000000017' }], ['bob']],
  ] as const)('patient identifier lookup: %s', async (_label, resourceType, param, values, expected) => {
    expect(await ids(temp.store, resourceType, [{ kind: 'identifier', param, values }])).toEqual(expected.map((name) => r[name]));
  });

  it('_id, and conditions combined with AND', async () => {
    expect(await ids(temp.store, 'Flag', [{ kind: 'id', values: [r['bobFlag'] ?? '', r['carolFlag'] ?? '', 'missing'] }])).toEqual([r['bobFlag'], r['carolFlag']]);
    expect(
      await ids(temp.store, 'Flag', [
        { kind: 'identifier', param: 'identifier', values: [{ value: '9000000009' }] },
        { kind: 'token', param: 'code', values: [{ code: 'national-reasonable-adjustment-flag' }] },
        { kind: 'token', param: 'status', values: [{ code: 'active' }] },
      ]),
    ).toEqual([r['aliceFlag']]);
    expect(
      await ids(temp.store, 'Flag', [
        { kind: 'id', values: [r['aliceFlag'] ?? ''] },
        { kind: 'token', param: 'status', values: [{ code: 'inactive' }] },
      ]),
    ).toEqual([]);
  });

  it('a chained lookup stops finding flags once the patient is deleted', async () => {
    const { store } = temp;
    const dave = idOf(await store.transaction((tx) => tx.create(patient('9000000033'))));
    const daveFlag = idOf(await store.transaction((tx) => tx.create(flag({ patientId: dave }))));
    const byNhs: SearchCondition[] = [{ kind: 'identifier', param: 'identifier', values: [{ value: '9000000033' }] }];
    expect(await ids(store, 'Flag', byNhs)).toEqual([daveFlag]);
    await store.transaction((tx) => tx.delete('Patient', dave));
    expect(await ids(store, 'Flag', byNhs)).toEqual([]);
    await store.transaction((tx) => tx.delete('Flag', daveFlag));
  });

  it('an update re-indexes: old values no longer match, new ones do', async () => {
    const { store } = temp;
    const id = idOf(await store.transaction((tx) => tx.create(flag({ patientId: 'x', categories: [{ code: 'before' }] }))));
    await store.transaction((tx) => tx.update({ ...flag({ patientId: 'x', categories: [{ code: 'after' }] }), id }));
    expect(await ids(store, 'Flag', [{ kind: 'token', param: 'category', values: [{ code: 'before' }] }])).toEqual([]);
    expect(await ids(store, 'Flag', [{ kind: 'token', param: 'category', values: [{ code: 'after' }] }])).toEqual([id]);
    await store.transaction((tx) => tx.delete('Flag', id));
  });

  it('count answers from the indexes', async () => {
    expect(await temp.store.count({ resourceType: 'Flag', conditions: [] })).toBe(4);
    expect(await temp.store.count({ resourceType: 'Flag', conditions: [{ kind: 'token', param: 'status', values: [{ code: 'active' }] }] })).toBe(3);
    expect(await temp.store.count({ resourceType: 'Flag', conditions: [{ kind: 'identifier', param: 'patient', values: [{ value: '9000000009' }] }] })).toBe(2);
    expect(await temp.store.count({ resourceType: 'Consent', conditions: [{ kind: 'token', param: 'purpose', values: [{ code: 'none' }] }] })).toBe(0);
  });

  it.each([
    ['Flag', { kind: 'token', param: 'no-such', values: [{ code: 'x' }] }],
    ['Flag', { kind: 'reference', param: 'code', values: [{ type: 'Patient', id: 'x' }] }],
    ['Patient', { kind: 'identifier', param: 'patient', values: [{ value: 'x' }] }],
    ['Flag', { kind: 'identifier', param: 'detail', values: [{ value: 'x' }] }],
  ] as const)('an unknown or mismatched parameter on %s is a typed query error', async (resourceType, bad) => {
    const search = temp.store.search({ resourceType, conditions: [bad], sort: 'lastUpdated', count: 10 });
    await expect(search).rejects.toBeInstanceOf(UnsupportedSearchParameterError);
    await expect(temp.store.count({ resourceType, conditions: [bad] })).rejects.toBeInstanceOf(StoreQueryError);
  });
});

describe('SQLite store: paging, _lastUpdated and history', () => {
  let temp: TempStore;
  const clock = manualClock('2026-01-01T00:00:00.000Z');
  const created: string[] = [];

  beforeAll(async () => {
    temp = await openTempStore({ now: clock.now });
    for (let i = 0; i < 45; i += 1) {
      // Pairs share a millisecond, so paging must break ties on id.
      if (i % 2 === 0) clock.advance(60_000);
      created.push(idOf(await temp.store.transaction((tx) => tx.create(flag({ patientId: 'p' })))));
    }
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  const ascending = async (): Promise<string[]> => {
    const page = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: 'lastUpdated', count: 100 });
    return page.matches.map((match) => match.id);
  };

  it.each(['lastUpdated', '-lastUpdated'] as const)('pages forwards and back through 45 resources, 20 at a time (%s)', async (sort) => {
    const all = await ascending();
    const expected = sort === 'lastUpdated' ? all : [...all].reverse();
    expect(new Set(all)).toEqual(new Set(created));
    const base: SearchQuery = { resourceType: 'Flag', conditions: [{ kind: 'token', param: 'status', values: [{ code: 'active' }] }], sort, count: 20 };
    const page1 = await temp.store.search(base);
    expect(page1.matches.map((m) => m.id)).toEqual(expected.slice(0, 20));
    expect(page1.previous).toBeUndefined();
    const page2 = await temp.store.search({ ...base, cursor: page1.next });
    expect(page2.matches.map((m) => m.id)).toEqual(expected.slice(20, 40));
    const page3 = await temp.store.search({ ...base, cursor: page2.next });
    expect(page3.matches.map((m) => m.id)).toEqual(expected.slice(40));
    expect(page3.next).toBeUndefined();
    const back2 = await temp.store.search({ ...base, cursor: page3.previous });
    expect(back2.matches.map((m) => m.id)).toEqual(expected.slice(20, 40));
    const back1 = await temp.store.search({ ...base, cursor: back2.previous });
    expect(back1.matches.map((m) => m.id)).toEqual(expected.slice(0, 20));
    expect(back1.previous).toBeUndefined();
    const forwardAgain = await temp.store.search({ ...base, cursor: back1.next });
    expect(forwardAgain.matches.map((m) => m.id)).toEqual(expected.slice(20, 40));
  });

  it('rejects a tampered cursor, and a cursor from another query', async () => {
    const base: SearchQuery = { resourceType: 'Flag', conditions: [], sort: 'lastUpdated', count: 20 };
    const next = (await temp.store.search(base)).next ?? '';
    const [payload, mac] = next.split('.');
    const forged = Buffer.from(JSON.stringify(['n', ['2026-01-01T00:00:00.000Z', 'a'], JSON.stringify(['s', 'Flag', 'lastUpdated', []])])).toString('base64url');
    await expect(temp.store.search({ ...base, cursor: `${forged}.${mac}` })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(temp.store.search({ ...base, cursor: `${payload}x.${mac}` })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(temp.store.search({ ...base, cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(temp.store.search({ ...base, sort: '-lastUpdated', cursor: next })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(temp.store.search({ ...base, resourceType: 'Condition', cursor: next })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(temp.store.history({ resourceType: 'Flag', count: 5, cursor: next })).rejects.toBeInstanceOf(InvalidCursorError);
    expect((await temp.store.search({ ...base, count: 5, cursor: next })).matches).toHaveLength(5);
  });

  it('cursors stay valid after the store is reopened', async () => {
    const base: SearchQuery = { resourceType: 'Flag', conditions: [], sort: 'lastUpdated', count: 20 };
    const next = (await temp.store.search(base)).next;
    const reopened = await temp.reopen({ now: clock.now });
    expect((await reopened.search({ ...base, cursor: next })).matches.map((m) => m.id)).toEqual((await ascending()).slice(20, 40));
  });

  it.each([
    ['eq', 2, [4, 5]],
    ['ne', 2, [0, 1, 2, 3, 6, 7]],
    ['lt', 2, [0, 1, 2, 3]],
    ['le', 2, [0, 1, 2, 3, 4, 5]],
    ['gt', 2, [6, 7]],
    ['ge', 2, [4, 5, 6, 7]],
  ] as const)('_lastUpdated %s (minute %i)', async (prefix, minute, expectedIndexes) => {
    const all = (await ascending()).slice(0, 8);
    const instant = new Date(Date.parse('2026-01-01T00:01:00.000Z') + minute * 60_000).toISOString();
    const result = await temp.store.search({
      resourceType: 'Flag',
      conditions: [
        { kind: 'id', values: all },
        { kind: 'lastUpdated', prefix, instant },
      ],
      sort: 'lastUpdated',
      count: 100,
    });
    expect(result.matches.map((m) => m.id)).toEqual(expectedIndexes.map((index) => all[index]));
  });

  it.each([
    ['eq', '2026-01-01T00:03', [4, 5]],
    ['eq', '2026-01-01', 'all'],
    ['eq', '2026-01-02', []],
    ['lt', '2026-01-01T00:02', [0, 1]],
    ['gt', '2026-01-01T00:02', [4, 5, 6, 7]],
  ] as const)('_lastUpdated %s%s matches at the precision given', async (prefix, instant, expectedIndexes) => {
    const all = (await ascending()).slice(0, 8);
    const result = await temp.store.search({
      resourceType: 'Flag',
      conditions: [
        { kind: 'id', values: all },
        { kind: 'lastUpdated', prefix, instant },
      ],
      sort: 'lastUpdated',
      count: 100,
    });
    expect(result.matches.map((m) => m.id)).toEqual(expectedIndexes === 'all' ? all : expectedIndexes.map((index) => all[index]));
  });

  it('instance history lists versions newest first and pages with cursors', async () => {
    const id = created[0] ?? '';
    for (let version = 1; version < 5; version += 1) {
      clock.advance(1);
      await temp.store.transaction((tx) => tx.update({ ...flag({ patientId: 'p', status: 'inactive' }), id }, { ifMatch: version }));
    }
    await temp.store.transaction((tx) => tx.delete('Flag', id, { ifMatch: 5 }));
    const page1 = await temp.store.history({ resourceType: 'Flag', id, count: 4 });
    expect(page1.matches.map((m) => [m.versionId, m.deleted])).toEqual([
      [6, true],
      [5, false],
      [4, false],
      [3, false],
    ]);
    expect(page1.previous).toBeUndefined();
    const page2 = await temp.store.history({ resourceType: 'Flag', id, count: 4, cursor: page1.next });
    expect(page2.matches.map((m) => m.versionId)).toEqual([2, 1]);
    expect(page2.next).toBeUndefined();
    const back = await temp.store.history({ resourceType: 'Flag', id, count: 4, cursor: page2.previous });
    expect(back.matches.map((m) => m.versionId)).toEqual([6, 5, 4, 3]);
    expect(back.previous).toBeUndefined();
    expect(await temp.store.history({ resourceType: 'Flag', id: 'unknown', count: 4 })).toMatchObject({ matches: [] });
  });

  it('type history lists every version of the type newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await temp.store.history({ resourceType: 'Flag', count: 20, cursor });
      seen.push(...page.matches.map((m) => `${m.id}/${m.versionId}`));
      cursor = page.next;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45 + 5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(`${created[0]}/6`);
    const times = await Promise.all(seen.map(async (entry) => {
      const [id, version] = entry.split('/');
      return (await temp.store.vread('Flag', id ?? '', Number(version)))?.lastUpdated ?? '';
    }));
    expect(times).toEqual([...times].sort().reverse());
    expect(await temp.store.history({ resourceType: 'Condition', count: 5 })).toMatchObject({ matches: [] });
  });
});

describe('SQLite store: searching by time alone, across updates and deletes', () => {
  it('finds each live resource once, at its current version and instant; old versions and tombstones never match', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const temp = await openTempStore({ now: clock.now });
    const write = async (work: Parameters<Store['transaction']>[0]): Promise<WriteResult> => {
      clock.advance(60_000);
      return (await temp.store.transaction(work)) as WriteResult;
    };
    try {
      const a = idOf(await write((tx) => tx.create(flag({ patientId: 'p' }))));
      const b = idOf(await write((tx) => tx.create(flag({ patientId: 'p' }))));
      const c = idOf(await write((tx) => tx.create(flag({ patientId: 'p' }))));
      await write((tx) => tx.update({ ...flag({ patientId: 'p', status: 'inactive' }), id: a }));
      await write((tx) => tx.update({ ...flag({ patientId: 'p' }), id: a }));
      await write((tx) => tx.delete('Flag', b));

      const all = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: '-lastUpdated', count: 10 });
      expect(all.matches.map((match) => [match.id, match.versionId])).toEqual([
        [a, 3],
        [c, 1],
      ]);
      // `a` was first written at 00:01, before `c`; only its current instant, 00:05, counts.
      const early = await temp.store.search({ resourceType: 'Flag', conditions: [{ kind: 'lastUpdated', prefix: 'lt', instant: '2026-03-01T00:03:30.000Z' }], sort: 'lastUpdated', count: 10 });
      expect(early.matches.map((match) => match.id)).toEqual([c]);
      const first = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: 'lastUpdated', count: 1 });
      const second = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: 'lastUpdated', count: 1, cursor: first.next });
      expect([...first.matches, ...second.matches].map((match) => match.id)).toEqual([c, a]);
      expect(second.next).toBeUndefined();
      expect(await temp.store.count({ resourceType: 'Flag', conditions: [] })).toBe(2);
      expect(await temp.store.count({ resourceType: 'Flag', conditions: [{ kind: 'lastUpdated', prefix: 'lt', instant: '2026-03-01T00:03:30.000Z' }] })).toBe(1);
    } finally {
      await temp.cleanup();
    }
  });
});
