import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchableResourceTypes } from '../search/search-parameters.js';
import { indexRowsOf, indexSignature } from './index-rows.js';
import { applyMigrations, migrations } from './migrations.js';
import { openDatabase } from './open-database.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SearchCondition, ServerStore } from './store.js';
import { FLAG_CODE_SYSTEM, flag, patient } from './test-support/sample-resources.js';

const WRITTEN = '2026-11-20T10:00:00.000Z';

/** A file as a release before migration 5 left it: index rows in the old key order, with their per-resource indexes. */
function writeStepFourFile(file: string, resources: readonly (Resource & { id: string })[]): void {
  const db = openDatabase(file);
  try {
    applyMigrations(
      db,
      migrations.filter((step) => step.version <= 4),
    );
    const version = db.prepare('INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json) VALUES (?, ?, 1, ?, 0, ?)');
    const current = db.prepare('INSERT INTO current_resources (resource_type, id, version, last_updated, deleted) VALUES (?, ?, 1, ?, 0)');
    const token = db.prepare('INSERT INTO search_tokens (resource_type, param, code, system, id) VALUES (?, ?, ?, ?, ?)');
    const reference = db.prepare('INSERT INTO search_references (resource_type, param, target_type, target_id, id) VALUES (?, ?, ?, ?, ?)');
    for (const resource of resources) {
      const stored = { ...resource, meta: { versionId: '1', lastUpdated: WRITTEN } };
      version.run(resource.resourceType, resource.id, WRITTEN, JSON.stringify(stored));
      current.run(resource.resourceType, resource.id, WRITTEN);
      const rows = indexRowsOf(stored);
      for (const row of rows.tokens) token.run(resource.resourceType, row.param, row.code, row.system, resource.id);
      for (const row of rows.references) reference.run(resource.resourceType, row.param, row.targetType, row.targetId, resource.id);
    }
    // The definitions have not changed, so opening must not rebuild the rows: what is found
    // afterwards is what the migration copied.
    db.prepare("INSERT OR REPLACE INTO store_meta (name, value) VALUES ('search-index-signature', ?)").run(indexSignature(searchableResourceTypes));
  } finally {
    db.close();
  }
}

const idsOf = async (store: ServerStore, resourceType: string, conditions: SearchCondition[]): Promise<string[]> =>
  (await store.search({ resourceType, conditions, sort: 'lastUpdated', count: 10 })).matches.map((match) => match.id);

describe('migration 5: search index rows kept once', () => {
  let dir: string;
  let store: ServerStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'raflag-migrate-'));
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries every row of an older file over, searchable by code, system|code and reference, and drops the per-resource indexes', async () => {
    const file = join(dir, 'raflag.db');
    writeStepFourFile(file, [
      { ...patient('9000000009'), id: 'p1' },
      { ...flag({ patientId: 'p1', status: 'active', categories: [{ code: 'cat-a' }] }), id: 'f1' },
      { ...flag({ patientId: 'p1', status: 'inactive' }), id: 'f2' },
    ]);
    store = await openSqliteStore({ file });

    expect(await idsOf(store, 'Flag', [{ kind: 'token', param: 'status', values: [{ code: 'active' }] }])).toEqual(['f1']);
    expect(await idsOf(store, 'Flag', [{ kind: 'token', param: 'code', values: [{ system: FLAG_CODE_SYSTEM, code: 'national-reasonable-adjustment-flag' }] }])).toEqual(['f1', 'f2']);
    expect(await idsOf(store, 'Flag', [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }, { kind: 'token', param: 'category', values: [{ code: 'cat-a' }] }])).toEqual(['f1']);
    expect(await idsOf(store, 'Flag', [{ kind: 'identifier', param: 'patient', values: [{ value: '9000000009' }] }, { kind: 'token', param: 'status', values: [{ code: 'inactive' }] }])).toEqual(['f2']);

    const db = openDatabase(file);
    try {
      const key = db.prepare("SELECT name FROM pragma_table_info('search_tokens') WHERE pk > 0 ORDER BY pk").all();
      expect(key).toEqual(['resource_type', 'param', 'code', 'id', 'system'].map((name) => ({ name })));
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%by_resource'").all()).toEqual([]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('an update of a carried-over resource removes its old rows: it is found by its new values only', async () => {
    const file = join(dir, 'raflag.db');
    writeStepFourFile(file, [
      { ...patient('9000000009'), id: 'p1' },
      { ...flag({ patientId: 'p1', status: 'active', categories: [{ code: 'before' }] }), id: 'f1' },
    ]);
    store = await openSqliteStore({ file });
    await store.transaction((tx) => tx.update({ ...flag({ patientId: 'p1', status: 'inactive', categories: [{ code: 'after' }] }), id: 'f1' }, { ifMatch: 1 }));

    expect(await idsOf(store, 'Flag', [{ kind: 'token', param: 'category', values: [{ code: 'before' }] }])).toEqual([]);
    expect(await idsOf(store, 'Flag', [{ kind: 'token', param: 'status', values: [{ code: 'active' }] }])).toEqual([]);
    expect(await idsOf(store, 'Flag', [{ kind: 'token', param: 'category', values: [{ code: 'after' }] }])).toEqual(['f1']);
    await store.transaction((tx) => tx.delete('Flag', 'f1'));
    expect(await idsOf(store, 'Flag', [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }])).toEqual([]);
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT count(*) AS n FROM search_tokens WHERE id = 'f1'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM search_references WHERE id = 'f1'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
