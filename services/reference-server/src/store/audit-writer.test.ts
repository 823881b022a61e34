import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEvent } from 'fhir/r4.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { AUDIT_FORMAT, auditMigrations } from './audit-schema.js';
import { AuditWriter, type AuditRow } from './audit-writer.js';
import { eventAuditRow } from './audit-rows.js';
import { applyMigrations } from './migrations.js';
import { openDatabase } from './open-database.js';

const dirs: string[] = [];
const writers: AuditWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-audit-writer-'));
  dirs.push(dir);
  return join(dir, 'raflag.audit.db');
}

function createAuditFile(file: string): void {
  const db = openDatabase(file);
  applyMigrations(db, auditMigrations);
  db.close();
}

/** A writer on a new, migrated audit file, closed after the test. */
function newWriter(file = tempFile(), catchUp?: () => void): { file: string; writer: AuditWriter } {
  if (!existsSync(file)) createAuditFile(file);
  const writer = new AuditWriter(file, catchUp);
  writers.push(writer);
  return { file, writer };
}

const row = (n: number): AuditRow => ({
  id: `event-${n}`,
  lastUpdated: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
  format: AUDIT_FORMAT.event,
  json: JSON.stringify({ resourceType: 'AuditEvent', id: `event-${n}` }),
  index: [['patient', `Patient/p${n % 3}`]],
});

function indexedThrough(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Number((db.prepare("SELECT value FROM audit_meta WHERE name = 'indexed-through'").get() as { value: string }).value);
  } finally {
    db.close();
  }
}

function stored(file: string): { ids: string[]; patients: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      ids: (db.prepare('SELECT id FROM audit_events ORDER BY seq').all() as { id: string }[]).map((r) => r.id),
      patients: (db.prepare("SELECT value FROM audit_index WHERE param = 'patient' AND value = 'Patient/p1' ORDER BY seq").all() as { value: string }[]).map((r) => r.value),
    };
  } finally {
    db.close();
  }
}

describe('AuditWriter', () => {
  it('stores each event deflated against a dictionary kept in the file, and reads back the same JSON across writer restarts', async () => {
    const file = tempFile();
    createAuditFile(file);
    const event = (n: number): AuditRow => {
      const json = JSON.stringify({ resourceType: 'AuditEvent', id: `event-${n}`, recorded: `2026-11-26T09:00:0${n}.000Z`, agent: [{ who: { display: 'Riverside Medical Centre, an organisation with a long name' } }], entity: Array.from({ length: 6 }, (_, i) => ({ what: { reference: `Flag/flag-${i}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' } })) });
      return { id: `event-${n}`, lastUpdated: `2026-11-26T09:00:0${n}.000Z`, format: AUDIT_FORMAT.event, json, index: [] };
    };
    for (const numbers of [[1, 2, 3], [4, 5]]) {
      const writer = new AuditWriter(file);
      await Promise.all(numbers.map((n) => writer.append([event(n)])));
      await writer.close();
    }
    const db = new Database(file);
    try {
      expect(db.prepare('SELECT count(*) AS n FROM audit_dictionaries').get()).toEqual({ n: 2 });
      const sizes = db.prepare('SELECT id, length(body) AS bytes FROM audit_events ORDER BY seq').all() as { id: string; bytes: number }[];
      expect(sizes.map((row) => row.id)).toEqual(['event-1', 'event-2', 'event-3', 'event-4', 'event-5']);
      for (const row of sizes) expect(row.bytes).toBeLessThan(event(1).json.length / 5);
      const log = new AuditLog(db);
      for (const n of [1, 2, 3, 4, 5]) expect(JSON.stringify(log.read(`event-${n}`)?.resource)).toBe(event(n).json);
    } finally {
      db.close();
    }
  });

  it('commits concurrent appends in the order they were handed over, each resolving once committed', async () => {
    const file = tempFile();
    createAuditFile(file);
    const writer = new AuditWriter(file);
    await Promise.all(Array.from({ length: 50 }, (_, n) => writer.append([row(n)])));
    // Visible to another connection as soon as the appends resolve, before the writer stops.
    expect(stored(file).ids).toEqual(Array.from({ length: 50 }, (_, n) => `event-${n}`));
    await writer.close();
    await expect(writer.append([row(99)])).rejects.toThrow('The audit writer is closed.');
  });

  it('keeps each event whole when one turn hands over appends of several events with line breaks in their text', async () => {
    const { file, writer } = newWriter();
    const event = (n: number): AuditRow => ({
      id: `event-${n}`,
      lastUpdated: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
      format: AUDIT_FORMAT.event,
      json: JSON.stringify({ resourceType: 'AuditEvent', id: `event-${n}`, outcomeDesc: `line one\nline two ${n}\r\n\u2028end` }),
      index: [['entity', `Flag/f${n}`], ['agent:code', `code\nwith break ${n}`]],
    });
    // Appends of one, three and two events, all made in the same turn.
    await Promise.all([writer.append([event(1)]), writer.append([event(2), event(3), event(4)]), writer.append([event(5), event(6)])]);
    await writer.indexed();
    const db = new Database(file, { readonly: true });
    try {
      const log = new AuditLog(db);
      for (let n = 1; n <= 6; n++) expect(JSON.stringify(log.read(`event-${n}`)?.resource)).toBe(event(n).json);
      const index = db.prepare('SELECT param, value FROM audit_index ORDER BY seq, param').all() as { param: string; value: string }[];
      expect(index).toEqual(Array.from({ length: 6 }, (_, i) => [{ param: 'agent:code', value: `code\nwith break ${i + 1}` }, { param: 'entity', value: `Flag/f${i + 1}` }]).flat());
    } finally {
      db.close();
    }
  });

  it('commits what it was handed before close, even when close is called without waiting', async () => {
    const file = tempFile();
    createAuditFile(file);
    const writer = new AuditWriter(file);
    const appends = [writer.append([row(1)]), writer.append([row(2), row(3)])];
    await writer.close();
    await Promise.all(appends);
    expect(stored(file).ids).toEqual(['event-1', 'event-2', 'event-3']);
  });

  it('fails an append the database refuses, saying why, and keeps working', async () => {
    const { file, writer } = newWriter();
    await writer.append([row(1)]);
    await expect(writer.append([row(1)])).rejects.toThrow(/could not write to the audit trail: UNIQUE constraint failed: audit_events.id/);
    await writer.append([row(2)]);
    expect(stored(file).ids).toEqual(['event-1', 'event-2']);
  });

  it('fails the waiting appends when its thread dies, and starts a fresh one for the next', async () => {
    const file = tempFile();
    const writer = new AuditWriter(file);
    try {
      // No file yet: the worker cannot open it and its thread ends.
      await expect(writer.append([row(1)])).rejects.toThrow(/the audit writer (failed|stopped)/);
      createAuditFile(file);
      await writer.append([row(2)]);
      expect(stored(file).ids).toEqual(['event-2']);
    } finally {
      await writer.close();
    }
  });

  it('writes index rows after their events, and once asked (as a search does first) every event appended so far has them', async () => {
    const { file, writer } = newWriter();
    await Promise.all(Array.from({ length: 50 }, (_, n) => writer.append([row(n)])));
    const asked = writer.indexed();
    // Appended after the question: not promised to it, but committed all the same.
    const later = writer.append([row(50)]);
    await asked;
    expect(stored(file).patients).toHaveLength(17);
    expect(indexedThrough(file)).toBeGreaterThanOrEqual(50);
    await later;
    await writer.indexed();
    expect(indexedThrough(file)).toBe(51);
    expect(stored(file).patients).toHaveLength(17);
  });

  it('indexes what it appended on its own once appends stop coming', async () => {
    const { file, writer } = newWriter();
    await Promise.all([1, 4, 7].map((n) => writer.append([row(n)])));
    // Nobody asks: the writer's idle pause (tens of milliseconds) is what indexes them.
    for (let waited = 0; stored(file).patients.length < 3 && waited < 10_000; waited += 20) await new Promise((done) => setTimeout(done, 20));
    expect(stored(file).patients).toHaveLength(3);
    expect(indexedThrough(file)).toBe(3);
  });

  it('indexes, through its catch-up, the events a writer committed but died before indexing, before it appends any more', async () => {
    const file = tempFile();
    createAuditFile(file);
    const db = openDatabase(file);
    try {
      // What a killed writer leaves: events after indexed-through, without their index rows.
      const auditEvent = (n: number): AuditEvent => ({ resourceType: 'AuditEvent', type: { code: 'rest' }, recorded: '2026-11-26T09:00:00Z', agent: [{ requestor: true }], source: { observer: {} }, entity: [{ what: { reference: `Patient/p${n}` } }] });
      const events = [1, 2, 3].map((n) =>
        eventAuditRow(auditEvent(n), { id: `event-${n}`, lastUpdated: `2026-11-26T09:00:0${n}.000Z` }),
      );
      const insert = db.prepare('INSERT INTO audit_events (id, last_updated, format, dictionary, body) VALUES (?, ?, ?, NULL, ?)');
      for (const event of events) insert.run(event.id, event.lastUpdated, event.format, event.json);
      const log = new AuditLog(db);
      const { writer } = newWriter(file, () => log.indexTail());
      await writer.append([row(4)]);
      const entity = db.prepare<[], { value: string; seq: number }>("SELECT value, seq FROM audit_index WHERE param = 'entity' ORDER BY seq").all();
      expect(entity).toEqual(events.map((event, i) => ({ value: event.index.find(([param]) => param === 'entity')?.[1], seq: i + 1 })));
      expect(indexedThrough(file)).toBeGreaterThanOrEqual(3);
      // Nothing left for a second catch-up once the writer has indexed its own event.
      await writer.indexed();
      expect(log.indexTail()).toBe(0);
      expect(indexedThrough(file)).toBe(4);
      await writer.close();
    } finally {
      db.close();
    }
  });
});
