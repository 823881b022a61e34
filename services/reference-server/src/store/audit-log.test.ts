import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEvent } from 'fhir/r4.js';
import { afterEach, describe, expect, it } from 'vitest';
import { restAuditEvent, restAuditRecord, type RestAuditInput } from '../audit/audit-event.js';
import { migrations, applyMigrations } from './migrations.js';
import { openDatabase } from './open-database.js';
import { auditFileOf, auditMigrations } from './audit-schema.js';
import { openSqliteStore } from './sqlite-store.js';
import type { AuditEntry } from './store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function input(patientId: string, requestId: string): RestAuditInput {
  return {
    interaction: 'read',
    resourceType: 'Flag',
    status: 200,
    principal: { kind: 'client', clientId: 'demo-gp-riverside', organisation: { odsCode: 'B82005', name: 'Riverside' }, purposeOfUse: 'TREAT' },
    patient: { id: patientId, nhsNumber: '9434765919' },
    entities: ['Flag/f1'],
    requestId,
    server: { name: 'raflag', url: 'http://127.0.0.1/fhir' },
    recorded: new Date('2026-11-26T10:00:00Z'),
  };
}

const event = (patientId: string, requestId: string): AuditEvent => restAuditEvent(input(patientId, requestId));
/** As the audit stage appends a request's event: its facts. */
const rest = (patientId: string, requestId: string): AuditEntry => ({ rest: restAuditRecord(input(patientId, requestId)) });

describe('the audit log', () => {
  it('moves AuditEvents a database stored as versioned resources (before migration 3) into the log, still found by id and by patient', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raflag-audit-log-'));
    dirs.push(dir);
    const file = join(dir, 'raflag.db');
    const db = openDatabase(file);
    applyMigrations(db, migrations.filter((step) => step.version < 3));
    const old = { ...event('p1', '0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a01'), id: 'old-1', meta: { versionId: '1', lastUpdated: '2026-11-20T10:00:00.000Z' } };
    db.prepare("INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json) VALUES ('AuditEvent', 'old-1', 1, ?, 0, ?)").run('2026-11-20T10:00:00.000Z', JSON.stringify(old));
    db.prepare("INSERT INTO current_resources (resource_type, id, version, last_updated, deleted) VALUES ('AuditEvent', 'old-1', 1, ?, 0)").run('2026-11-20T10:00:00.000Z');
    db.close();

    const store = await openSqliteStore({ file });
    try {
      expect((await store.read('AuditEvent', 'old-1'))?.resource).toMatchObject({ resourceType: 'AuditEvent', id: 'old-1' });
      // Kept as its facts, beside the carried-over event kept whole: searches find both.
      await store.appendAudit([rest('p1', '0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a02')]);
      const byPatient = await store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }], sort: '-lastUpdated', count: 10 });
      // Newest first: the event written now, then the one carried over.
      expect(byPatient.matches.map((m) => m.id)).toHaveLength(2);
      expect(byPatient.matches[1]?.id).toBe('old-1');
      expect(await store.count({ resourceType: 'AuditEvent', conditions: [{ kind: 'token', param: 'agent', values: [{ code: 'demo-gp-riverside' }] }] })).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('moves the events a database kept in its own tables (migration 3) into the audit file, once, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raflag-audit-log-'));
    dirs.push(dir);
    const file = join(dir, 'raflag.db');
    const db = openDatabase(file);
    applyMigrations(db, migrations.filter((step) => step.version <= 3));
    const insert = db.prepare<[string, string, string]>('INSERT INTO audit_events (id, last_updated, json) VALUES (?, ?, ?)');
    for (const [n, at] of [[1, '2026-11-20T10:00:00.000Z'], [2, '2026-11-21T10:00:00.000Z']] as const) {
      insert.run(`kept-${n}`, at, JSON.stringify({ ...event('p3', `0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a1${n}`), id: `kept-${n}`, meta: { versionId: '1', lastUpdated: at } }));
    }
    db.close();

    for (let open = 0; open < 2; open += 1) {
      const store = await openSqliteStore({ file });
      try {
        const byPatient = await store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p3' }] }], sort: '-lastUpdated', count: 10 });
        expect(byPatient.matches.map((m) => m.id)).toEqual(['kept-2', 'kept-1']);
      } finally {
        await store.close();
      }
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'audit%'").all()).toEqual([]);
    } finally {
      after.close();
    }
  });

  it('reads an audit file written before events were kept as facts (audit migration 2) unchanged, beside new ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raflag-audit-log-'));
    dirs.push(dir);
    const file = join(dir, 'raflag.db');
    const auditDb = openDatabase(auditFileOf(file));
    applyMigrations(auditDb, auditMigrations.filter((step) => step.version < 2));
    const kept = { ...event('p4', '0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a21'), id: 'kept-whole', meta: { versionId: '1', lastUpdated: '2026-11-20T10:00:00.000Z' } };
    auditDb.prepare('INSERT INTO audit_events (id, last_updated, body) VALUES (?, ?, ?)').run('kept-whole', '2026-11-20T10:00:00.000Z', JSON.stringify(kept));
    auditDb.prepare("INSERT INTO audit_index (param, value, seq) VALUES ('patient', 'Patient/p4', 1)").run();
    auditDb.close();

    const store = await openSqliteStore({ file });
    try {
      expect((await store.read('AuditEvent', 'kept-whole'))?.resource).toEqual(kept);
      await store.appendAudit([rest('p4', '0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a22')]);
      const byPatient = await store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p4' }] }], sort: '-lastUpdated', count: 10 });
      expect(byPatient.matches.map((m) => m.id)).toHaveLength(2);
      expect(byPatient.matches[1]?.resource).toEqual(kept);
    } finally {
      await store.close();
    }
  });

  it('refuses to change or remove an AuditEvent: the trail is append-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raflag-audit-log-'));
    dirs.push(dir);
    const store = await openSqliteStore({ file: join(dir, 'raflag.db') });
    try {
      const [written] = await store.appendAudit([rest('p2', '0e4c1f1a-7a53-4a0e-9f59-3d1f6c1b2a03')]);
      if (written === undefined) throw new Error('not written');
      const id = written.id;
      await expect(store.transaction((tx) => tx.create(event('p2', 'y')))).rejects.toThrow('appended with appendAudit');
      await expect(store.transaction((tx) => tx.update({ ...event('p2', 'x'), id }))).rejects.toThrow('appended, never updated');
      await expect(store.transaction((tx) => tx.delete('AuditEvent', id))).rejects.toThrow('never deleted');
      expect((await store.vread('AuditEvent', id, 1))?.id).toBe(id);
      expect(await store.vread('AuditEvent', id, 2)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
