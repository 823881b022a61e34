import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';
import { applyMigrations, migrations } from './migrations.js';

describe('opening the database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'raflag-open-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets WAL, synchronous=FULL (2), foreign keys and a busy timeout on the connection the store uses', () => {
    const db = openDatabase(join(dir, 'a.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('applies each migration once, however often the file is opened', () => {
    const file = join(dir, 'b.sqlite');
    const first = openDatabase(file);
    expect(applyMigrations(first)).toEqual(migrations.map((step) => step.version));
    expect(applyMigrations(first)).toEqual([]);
    first.close();
    const second = openDatabase(file);
    try {
      expect(applyMigrations(second)).toEqual([]);
      const recorded = second.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(recorded).toEqual(migrations.map((step) => ({ version: step.version, name: step.name })));
      // The cursor key is written by the first migration only, so it survives reopening unchanged.
      expect(second.prepare("SELECT count(*) AS n FROM store_meta WHERE name = 'cursor-key'").get()).toEqual({ n: 1 });
    } finally {
      second.close();
    }
  });

  it('a failing migration leaves neither its tables nor its record behind', () => {
    const db = openDatabase(join(dir, 'c.sqlite'));
    try {
      const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE half_done (x INTEGER); SELECT no_such_function();' }];
      expect(() => applyMigrations(db, broken)).toThrow();
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
