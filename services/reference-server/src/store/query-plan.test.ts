import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, searchPageSql, type SqlStatement } from './search-sql.js';
import { fixedSql, wholeTableSql } from './statements.js';
import type { SearchCondition } from './store.js';
import { searchParameters } from '../search/search-parameters.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

/** Every condition shape the HTTP layer can hand the store, per resource type and parameter. */
function conditionsFor(resourceType: string): { readonly label: string; readonly condition: SearchCondition }[] {
  const shapes: { label: string; condition: SearchCondition }[] = [];
  for (const parameter of searchParameters[resourceType] ?? []) {
    const label = `${resourceType}.${parameter.name}`;
    switch (parameter.type) {
      case 'token':
        shapes.push(
          { label: `${label} system|code`, condition: { kind: 'token', param: parameter.name, values: [{ system: 'http://s', code: 'c' }] } },
          { label: `${label} |code`, condition: { kind: 'token', param: parameter.name, values: [{ system: '', code: 'c' }] } },
          { label: `${label} code`, condition: { kind: 'token', param: parameter.name, values: [{ code: 'c' }] } },
          { label: `${label} a,b`, condition: { kind: 'token', param: parameter.name, values: [{ code: 'a' }, { system: 'http://s', code: 'b' }] } },
        );
        if (resourceType === 'Patient') {
          shapes.push({ label: `${label} as identifier`, condition: { kind: 'identifier', param: parameter.name, values: [{ value: '9000000009' }] } });
        }
        break;
      case 'reference':
        shapes.push({ label, condition: { kind: 'reference', param: parameter.name, values: [{ type: parameter.targets[0] ?? 'Patient', id: 'x' }] } });
        if (parameter.patientIdentifierChain) {
          shapes.push(
            { label: `${label}:identifier`, condition: { kind: 'identifier', param: parameter.name, values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] } },
            { label: `${label}:identifier no system`, condition: { kind: 'identifier', param: parameter.name, values: [{ value: '9000000009' }, { value: '9000000017' }] } },
          );
        }
        break;
      case 'identifier':
        shapes.push({ label, condition: { kind: 'identifier', param: parameter.name, values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] } });
        break;
      case 'id':
        shapes.push({ label, condition: { kind: 'id', values: ['a', 'b'] } });
        break;
      case 'date':
        for (const prefix of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
          shapes.push({ label: `${label} ${prefix}`, condition: { kind: 'lastUpdated', prefix, instant: '2026-11-26T12:00:00.000Z' } });
        }
        break;
    }
  }
  return shapes;
}

function allSearchStatements(): { readonly label: string; readonly statement: SqlStatement }[] {
  const statements: { label: string; statement: SqlStatement }[] = [];
  for (const resourceType of Object.keys(searchParameters)) {
    const shapes = conditionsFor(resourceType);
    const combined = shapes.filter((shape) => shape.condition.kind !== 'lastUpdated').slice(0, 3).map((shape) => shape.condition);
    const variants = [
      { label: `${resourceType} (no conditions)`, conditions: [] as SearchCondition[] },
      ...shapes.map((shape) => ({ label: shape.label, conditions: [shape.condition] })),
      { label: `${resourceType} (three conditions)`, conditions: combined },
      {
        label: `${resourceType} (condition and _lastUpdated)`,
        conditions: [...combined.slice(0, 1), { kind: 'lastUpdated', prefix: 'ge', instant: '2026-01-01T00:00:00.000Z' } as const],
      },
    ];
    for (const variant of variants) {
      const input = { resourceType, conditions: variant.conditions };
      for (const order of ['asc', 'desc'] as const) {
        statements.push({ label: `${variant.label} ${order}`, statement: searchPageSql(input, order, undefined, 21) });
        statements.push({ label: `${variant.label} ${order} after cursor`, statement: searchPageSql(input, order, ['2026-11-26T12:00:00.000Z', 'id'], 21) });
      }
      statements.push({ label: `${variant.label} count`, statement: countSql(input) });
    }
  }
  for (const [name, sql] of Object.entries(fixedSql)) statements.push({ label: `fixed ${name}`, statement: { sql, params: [] } });
  return statements;
}

/**
 * A plan line that reads a whole table without an index. `m` is the search's own driving set
 * (already an index search, listed separately in the plan), so walking it is not a table scan.
 */
function isFullScan(detail: string): boolean {
  const scanned = /^SCAN (\S+)/.exec(detail)?.[1];
  return scanned !== undefined && scanned !== 'm' && !/USING (COVERING )?INDEX|USING PRIMARY KEY/.test(detail);
}

function planOf(db: Database.Database, statement: SqlStatement): { detail: string }[] {
  const params = statement.params.length > 0 ? statement.params : Array.from({ length: (statement.sql.match(/\?/g) ?? []).length }, () => 'x');
  return db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...params) as { detail: string }[];
}

describe('every statement the SQLite store runs uses an index', () => {
  let temp: TempStore;
  let db: Database.Database;

  beforeAll(async () => {
    temp = await openTempStore();
    db = new Database(temp.file, { readonly: true });
  });

  afterAll(async () => {
    db.close();
    await temp.cleanup();
  });

  const statements = allSearchStatements();

  it('covers every parameter kind, with and without a cursor, and count', () => {
    expect(statements.length).toBeGreaterThan(200);
  });

  it('would notice a statement that reads a whole table', () => {
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT json FROM resource_versions WHERE json LIKE '%x%'").all() as { detail: string }[];
    expect(plan.map((line) => line.detail).filter(isFullScan)).toEqual(['SCAN resource_versions']);
  });

  it.each(statements.map((entry) => [entry.label, entry.statement] as const))('%s', (_label, statement) => {
    const plan = planOf(db, statement);
    // A plain INSERT reads nothing, so it has no plan; everything else must show how it reads.
    if (!statement.sql.startsWith('INSERT')) expect(plan.length).toBeGreaterThan(0);
    const scans = plan.map((line) => line.detail).filter(isFullScan);
    expect(scans, plan.map((line) => line.detail).join('\n')).toEqual([]);
  });
});

describe('the issue-4 statements use the indexes built for them', () => {
  let temp: TempStore;
  let db: Database.Database;

  beforeAll(async () => {
    temp = await openTempStore();
    db = new Database(temp.file, { readonly: true });
  });

  afterAll(async () => {
    db.close();
    await temp.cleanup();
  });

  const details = (sql: string): string[] => planOf(db, { sql, params: [] }).map((line) => line.detail);
  const labels = allSearchStatements().map((entry) => entry.label);

  it('the general check covers every AuditEvent search shape', () => {
    expect(labels).toEqual(
      expect.arrayContaining([
        'AuditEvent.patient asc',
        'AuditEvent.patient:identifier asc',
        'AuditEvent.patient:identifier no system desc after cursor',
        'AuditEvent.agent system|code asc',
        'AuditEvent.agent code count',
        'AuditEvent.entity desc',
        'AuditEvent.date ge asc',
        'AuditEvent.date lt desc after cursor',
        'AuditEvent._lastUpdated ge asc',
        'AuditEvent (condition and _lastUpdated) desc',
      ]),
    );
  });

  it.each([
    ['patient', 'search_references', { kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] }],
    ['patient:identifier', 'search_tokens', { kind: 'identifier', param: 'patient', values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }] }],
    ['agent', 'search_tokens', { kind: 'token', param: 'agent', values: [{ code: 'gp-system' }] }],
    ['entity', 'search_references', { kind: 'reference', param: 'entity', values: [{ type: 'Flag', id: 'f1' }] }],
  ] as const)('AuditEvent %s is driven by a primary-key search of %s', (_name, table, condition) => {
    const plan = planOf(db, searchPageSql({ resourceType: 'AuditEvent', conditions: [condition] }, 'desc', undefined, 21)).map((line) => line.detail);
    expect(plan.join('\n')).toMatch(new RegExp(`SEARCH \\w+ USING PRIMARY KEY \\(resource_type=\\? AND param=\\?`));
    expect(plan.join('\n')).toContain(table === 'search_tokens' ? 'SEARCH t' : 'SEARCH r');
    expect(plan.filter(isFullScan)).toEqual([]);
  });

  it('no search walks all of a type\'s index rows: every driving lookup names its parameter', () => {
    const walks = allSearchStatements()
      .filter((entry) => entry.statement.sql.includes(' FROM (SELECT'))
      .flatMap((entry) => planOf(db, entry.statement).map((line) => `${entry.label}: ${line.detail}`))
      .filter((line) => /USING (COVERING )?INDEX search_(tokens|references)_by_resource \(resource_type=\?\)$/.test(line));
    expect(walks).toEqual([]);
  });

  it('AuditEvent by date alone walks the live-by-time index', () => {
    const plan = planOf(db, searchPageSql({ resourceType: 'AuditEvent', conditions: [{ kind: 'lastUpdated', prefix: 'ge', instant: '2026-11-01' }] }, 'desc', undefined, 21));
    expect(plan.map((line) => line.detail).join('\n')).toMatch(/current_live_by_time/);
  });

  it("due() walks only pending rows in order and probes each one's predecessors by index", () => {
    const plan = details(fixedSql.outboxDue);
    expect(plan).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SCAN o USING INDEX outbox_pending_in_order$/),
        expect.stringMatching(/^SEARCH p USING COVERING INDEX outbox_pending_by_patient \(lhcre_client_id=\? AND nhs_number=\? AND sequence<\?\)$/),
      ]),
    );
    expect(plan.some((line) => line.includes('TEMP B-TREE'))).toBe(false);
  });

  it.each([
    ['outboxMarkDelivered', 'sqlite_autoindex_outbox_1'],
    ['outboxMarkRetry', 'sqlite_autoindex_outbox_1'],
    ['outboxMarkAbandoned', 'sqlite_autoindex_outbox_1'],
    ['outboxByLhcre', 'outbox_by_lhcre'],
    ['outboxByPatient', 'outbox_by_patient'],
    ['outboxByPatientAndLhcre', 'outbox_by_patient'],
    ['purgeUsedJti', 'used_jti_by_expiry'],
  ] as const)('%s uses %s', (name, index) => {
    expect(details(fixedSql[name]).join('\n')).toContain(index);
  });

  it('the only whole-table read is the unfiltered outbox listing, kept apart from the statements above on purpose', () => {
    expect(Object.keys(wholeTableSql)).toEqual(['outboxAll']);
    expect(details(wholeTableSql.outboxAll).filter(isFullScan)).toEqual(['SCAN o']);
  });
});
