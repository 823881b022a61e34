import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Basic, Flag, Resource } from 'fhir/r4.js';
import { parseRecord, toFhir } from '@raflag/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DICTIONARY_BYTES, dictionarySamples } from './dictionary-samples.js';
import { applyMigrations, migrations } from './migrations.js';
import { openDatabase } from './open-database.js';
import { openResourceJsonCodec, readResourceJsonCodec } from './resource-json.js';
import { openSqliteStore } from './sqlite-store.js';
import type { ServerStore } from './store.js';
import { FLAG_CODE_SYSTEM, flag, patient } from './test-support/sample-resources.js';

interface RawVersion {
  readonly resourceType: string;
  readonly id: string;
  readonly version: number;
  readonly json: string | Buffer | null;
  readonly dictionary: number | null;
}

const rawVersions = (file: string): RawVersion[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT resource_type AS resourceType, id, version, json, dictionary FROM resource_versions ORDER BY resource_type, id, version')
      .all() as RawVersion[];
  } finally {
    db.close();
  }
};

const dictionaryCount = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM resource_dictionaries').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** A file with every migration applied, open for the length of `use`. */
function withMigratedFile(file: string, use: (db: Database.Database) => void): void {
  const db = openDatabase(file);
  try {
    applyMigrations(db);
    use(db);
  } finally {
    db.close();
  }
}

/** A record unlike the demo ones the dictionaries come from: other people, codes and words. */
function aRecordsResources(): Resource[] {
  const recorded = {
    practitioner: { sdsId: '555012345678', name: 'Nurse Priya Natarajan' },
    organisation: { odsCode: 'RXX', name: 'Northfield General Hospital' },
    role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
    when: '2026-10-02T14:05:00Z',
  };
  const parsed = parseRecord({
    patient: { nhsNumber: '9000000009', name: { family: 'Lindqvist', given: ['Tomas'] } },
    adjustments: [{ category: 'bespoke-reasonable-adjustments', description: 'Explain each step before touching; allow extra time to answer', recorded }],
    impairments: [{ code: 'learning', recorded }],
    consent: { basis: 'patient', state: 'given', recorded },
  });
  if (!parsed.ok) throw new Error('the test record must parse');
  return (toFhir(parsed.record).entry ?? []).flatMap((entry) => (entry.resource === undefined ? [] : [entry.resource]));
}

describe('resource versions are stored deflated against a dictionary per type', () => {
  let dir: string;
  let file: string;
  let store: ServerStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'raflag-resource-json-'));
    file = join(dir, 'raflag.db');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a record in a fraction of its JSON and reads back exactly what was written', async () => {
    store = await openSqliteStore({ file });
    const s = store;
    const written = await s.transaction((tx) => aRecordsResources().map((resource, index) => tx.update({ ...resource, id: `r-${index}` } as Resource & { id: string })));
    await s.close();
    store = undefined;

    const rows = rawVersions(file);
    expect(rows.map((row) => row.resourceType).sort()).toEqual(['Condition', 'Consent', 'Flag', 'Flag', 'Patient']);
    for (const row of rows) {
      expect(row.dictionary, `${row.resourceType} has a dictionary`).not.toBeNull();
      expect(Buffer.isBuffer(row.json)).toBe(true);
    }
    const jsonBytes = written.reduce((sum, result) => sum + (result.ok ? Buffer.byteLength(JSON.stringify(result.version.resource)) : 0), 0);
    const storedBytes = rows.reduce((sum, row) => sum + (Buffer.isBuffer(row.json) ? row.json.length : 0), 0);
    expect(storedBytes).toBeLessThan(jsonBytes / 4);

    store = await openSqliteStore({ file });
    for (const result of written) {
      if (!result.ok) throw new Error('the write must succeed');
      expect((await store.read(result.version.resourceType, result.version.id))?.resource).toEqual(result.version.resource);
    }
  });

  it('keeps a resource of a type with no dictionary as JSON text', async () => {
    store = await openSqliteStore({ file });
    const basic: Basic & { id: string } = { resourceType: 'Basic', id: 'b1', code: { text: 'no dictionary for Basic' } };
    const s = store;
    await s.transaction((tx) => [tx.update(basic), tx.update({ ...patient('9000000009'), id: 'p1' })]);
    await s.close();
    store = undefined;

    const byId = new Map(rawVersions(file).map((row) => [row.id, row]));
    expect(byId.get('b1')?.dictionary).toBeNull();
    expect(typeof byId.get('b1')?.json).toBe('string');
    expect(byId.get('p1')?.dictionary).not.toBeNull();

    store = await openSqliteStore({ file });
    expect((await store.read('Basic', 'b1'))?.resource).toMatchObject({ code: { text: 'no dictionary for Basic' } });
  });

  it('adds no dictionary when reopened, since the samples come out the same on every start', async () => {
    store = await openSqliteStore({ file });
    await store.close();
    const first = dictionaryCount(file);
    expect(first).toBe(dictionarySamples().size);
    store = await openSqliteStore({ file });
    await store.close();
    store = undefined;
    expect(dictionaryCount(file)).toBe(first);
  });

  it('reads, searches and updates versions written as text before migration 7, beside new deflated ones', async () => {
    const db = openDatabase(file);
    const written = '2026-11-20T10:00:00.000Z';
    const old = { ...flag({ patientId: 'p1', code: { system: FLAG_CODE_SYSTEM, code: 'old' } }), id: 'f1', meta: { versionId: '1', lastUpdated: written } };
    try {
      applyMigrations(
        db,
        migrations.filter((step) => step.version <= 6),
      );
      db.prepare("INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json) VALUES ('Flag', 'f1', 1, ?, 0, ?)").run(written, JSON.stringify(old));
      db.prepare("INSERT INTO current_resources (resource_type, id, version, last_updated, deleted) VALUES ('Flag', 'f1', 1, ?, 0)").run(written);
    } finally {
      db.close();
    }

    // No index signature was written, so opening rebuilds the index rows from the text version.
    store = await openSqliteStore({ file });
    const byCode = async (code: string) =>
      (await store?.search({ resourceType: 'Flag', conditions: [{ kind: 'token', param: 'code', values: [{ code }] }], sort: 'lastUpdated', count: 10 }))?.matches.map((m) => m.id);
    expect(await byCode('old')).toEqual(['f1']);
    expect((await store.read('Flag', 'f1'))?.resource).toEqual(old);

    const s = store;
    const changed: Flag & { id: string } = { ...old, code: { coding: [{ system: FLAG_CODE_SYSTEM, code: 'new' }] } };
    const result = await s.transaction((tx) => tx.update(changed, { ifMatch: 1 }));
    expect(result.ok).toBe(true);
    // The update removed the old index rows, worked out from the text version.
    expect(await byCode('old')).toEqual([]);
    expect(await byCode('new')).toEqual(['f1']);
    expect((await store.vread('Flag', 'f1', 1))?.resource).toEqual(old);
    expect((await store.vread('Flag', 'f1', 2))?.resource).toMatchObject({ code: { coding: [{ code: 'new' }] } });
    const history = await store.history({ resourceType: 'Flag', id: 'f1', count: 10 });
    expect(history.matches.map((m) => m.versionId)).toEqual([2, 1]);
    await store.close();
    store = undefined;

    expect(rawVersions(file).map((row) => [row.version, typeof row.json, row.dictionary === null])).toEqual([
      [1, 'string', true],
      [2, 'object', false],
    ]);
  });

  it('keeps decoding rows against an older dictionary after the samples change', () => {
    withMigratedFile(file, (db) => {
      const json = JSON.stringify({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Okafor' }] });
      const before = openResourceJsonCodec(db, new Map([['Patient', Buffer.from('{"resourceType":"Patient","name":[{"family":"Okafor"}]}')]]));
      const old = before.encode('Patient', json);
      const after = openResourceJsonCodec(db, new Map([['Patient', Buffer.from('{"resourceType":"Patient","identifier":[]}')]]));
      const fresh = after.encode('Patient', json);
      expect(fresh.dictionary).not.toBe(old.dictionary);
      expect(after.decode(old)).toBe(json);
      expect(readResourceJsonCodec(db).decode(fresh)).toBe(json);
    });
  });

  it('refuses, with the dictionary named, a row whose dictionary the file does not hold', () => {
    withMigratedFile(file, (db) => {
      const encoded = openResourceJsonCodec(db).encode('Patient', JSON.stringify(patient('9000000009')));
      expect(() => readResourceJsonCodec(db).decode({ json: encoded.json, dictionary: 999 })).toThrow(/dictionary 999/);
    });
  });

  it('the column refuses a blob without a dictionary, and text with one', () => {
    withMigratedFile(file, (db) => {
      openResourceJsonCodec(db);
      const insert = db.prepare("INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json, dictionary) VALUES ('Patient', ?, 1, 'x', 0, ?, ?)");
      expect(() => insert.run('a', Buffer.from('x'), null)).toThrow(/CHECK constraint failed/);
      expect(() => insert.run('b', '{}', 1)).toThrow(/CHECK constraint failed/);
    });
  });
});

describe('the dictionary samples', () => {
  it('cover each type a record is made of, each within the size zlib uses, the same bytes every time', () => {
    const samples = dictionarySamples();
    expect([...samples.keys()].sort()).toEqual(['Condition', 'Consent', 'Flag', 'Patient']);
    for (const bytes of samples.values()) expect(bytes.length).toBeLessThanOrEqual(DICTIONARY_BYTES);
    const again = dictionarySamples();
    for (const [type, bytes] of samples) expect(again.get(type)?.equals(bytes), type).toBe(true);
    expect(samples.get('Flag')?.toString()).toContain('https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag');
  });
});
