import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, searchPageSql, type SqlStatement } from './search-sql.js';
import { fixedSql, wholeTableSql } from './statements.js';
import type { SearchCondition } from './store.js';
import { searchParameters } from '../search/search-parameters.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';
import { auditSearchSql, type AuditPage } from './audit-log.js';
import { auditFileOf } from './audit-schema.js';

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
  // AuditEvents are searched in their own file, with their own SQL (see the last describe).
  for (const resourceType of Object.keys(searchParameters).filter((type) => type !== 'AuditEvent')) {
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

  it('every read of an index table is bounded by one value: a code, or a reference target', () => {
    // `t` is always search_tokens and `r` search_references in the search SQL. A lookup bound by
    // the parameter alone would walk every row of, say, every active Flag.
    const unbounded = allSearchStatements()
      .flatMap((entry) => planOf(db, entry.statement).map((line) => `${entry.label}: ${line.detail}`))
      .filter((line) => (/: SEARCH t /.test(line) && !line.includes('code=?')) || (/: SEARCH r /.test(line) && !line.includes('target_id=?')));
    expect(unbounded).toEqual([]);
  });

  it.each([
    ['a code without a system', { kind: 'token', param: 'status', values: [{ code: 'active' }] }, 'SEARCH t EXISTS USING PRIMARY KEY (resource_type=? AND param=? AND code=? AND id=?)'],
    ['system|code', { kind: 'token', param: 'status', values: [{ system: 'http://s', code: 'active' }] }, 'SEARCH t EXISTS USING PRIMARY KEY (resource_type=? AND param=? AND code=? AND id=? AND system=?)'],
    ['a reference', { kind: 'reference', param: 'detail', values: [{ type: 'Condition', id: 'c' }] }, 'SEARCH r EXISTS USING PRIMARY KEY (resource_type=? AND param=? AND target_type=? AND target_id=? AND id=?)'],
    ['an NHS number through the patient', { kind: 'identifier', param: 'patient', values: [{ value: '9000000009' }] }, 'SEARCH r USING PRIMARY KEY (resource_type=? AND param=? AND target_type=? AND target_id=? AND id=?)'],
  ] as const)('probing each row for %s is one key lookup that names the row', (_label, probed, lookup) => {
    // A reference drives (the most selective kind, and the first of equals), so the other is the per-row probe.
    const driver: SearchCondition = { kind: 'reference', param: probed.param === 'detail' ? 'patient' : 'detail', values: [{ type: probed.param === 'detail' ? 'Patient' : 'Condition', id: 'd' }] };
    const conditions: SearchCondition[] = [driver, probed];
    const plan = planOf(db, searchPageSql({ resourceType: 'Flag', conditions }, 'desc', undefined, 21)).map((line) => line.detail);
    expect(plan, plan.join('\n')).toContain(lookup);
  });

  it.each([
    ['nothing', []],
    ['_lastUpdated', [{ kind: 'lastUpdated', prefix: 'ge', instant: '2026-01-01T00:00:00.000Z' }]],
  ] as const)('a search by %s walks the version index in time order, sorting nothing', (_label, conditions) => {
    for (const anchor of [undefined, ['2026-06-01T00:00:00.000Z', 'id'] as const]) {
      const plan = planOf(db, searchPageSql({ resourceType: 'Flag', conditions }, 'desc', anchor, 21)).map((line) => line.detail);
      expect(plan[0], plan.join('\n')).toMatch(/^SEARCH v USING COVERING INDEX resource_versions_by_time \(resource_type=\?/);
      expect(plan.some((line) => line.includes('TEMP B-TREE')), plan.join('\n')).toBe(false);
    }
  });

  it('a count by _lastUpdated reads only the versions in its range', () => {
    const count = countSql({ resourceType: 'Flag', conditions: [{ kind: 'lastUpdated', prefix: 'gt', instant: '2026-01-01T00:00:00.000Z' }] });
    expect(planOf(db, count).map((line) => line.detail)[0]).toBe('SEARCH v USING COVERING INDEX resource_versions_by_time (resource_type=? AND last_updated>?)');
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

  it('the only whole-table reads are the unfiltered outbox listing and the dictionaries read at open, kept apart on purpose', () => {
    expect(Object.keys(wholeTableSql)).toEqual(['outboxAll', 'allDictionaries']);
    expect(details(wholeTableSql.outboxAll).filter(isFullScan)).toEqual(['SCAN o']);
    expect(details(wholeTableSql.allDictionaries).filter(isFullScan)).toEqual(['SCAN resource_dictionaries']);
  });

  it('finds a dictionary by its unique key', () => {
    expect(details(fixedSql.dictionaryId).join('\n')).toContain('sqlite_autoindex_resource_dictionaries_1 (resource_type=? AND bytes=?)');
  });
});

describe('every AuditEvent search of the audit file uses its indexes', () => {
  let temp: TempStore;
  let db: Database.Database;

  beforeAll(async () => {
    temp = await openTempStore();
    db = new Database(auditFileOf(temp.file), { readonly: true });
  });

  afterAll(async () => {
    db.close();
    await temp.cleanup();
  });

  const shapes = conditionsFor('AuditEvent');
  const indexed = shapes.filter((shape) => shape.condition.kind !== 'lastUpdated');
  const date = { kind: 'lastUpdated', prefix: 'ge', instant: '2026-01-01T00:00:00.000Z' } as const;
  const variants = [
    ...indexed.map((shape) => ({ label: shape.label, conditions: [shape.condition] })),
    { label: 'patient and agent', conditions: indexed.slice(0, 1).concat(indexed.filter((shape) => shape.label.startsWith('AuditEvent.agent')).slice(0, 1)).map((shape) => shape.condition) },
    { label: 'patient and date', conditions: [...indexed.slice(0, 1).map((shape) => shape.condition), date] },
  ];
  const pages: [string, AuditPage][] = [
    ['newest first', { direction: 'desc', after: undefined, limit: 21 }],
    ['oldest first after a cursor', { direction: 'asc', after: 100, limit: 21 }],
    ['count', 'count'],
  ];
  const plan = (conditions: readonly SearchCondition[], page: AuditPage): string[] => {
    const search = auditSearchSql(conditions, page);
    return (db.prepare(`EXPLAIN QUERY PLAN ${search.sql}`).all(...search.params) as { detail: string }[]).map((line) => line.detail);
  };

  it('covers patient, patient:identifier, agent, entity and _id', () => {
    expect(variants.map((variant) => variant.label)).toEqual(
      expect.arrayContaining(['AuditEvent.patient', 'AuditEvent.patient:identifier', 'AuditEvent.agent code', 'AuditEvent.agent a,b', 'AuditEvent.entity', 'AuditEvent._id']),
    );
  });

  it.each(variants.flatMap((variant) => pages.map(([name, page]) => [`${variant.label}, ${name}`, variant.conditions, page] as const)))('%s: no table scan', (label, conditions, page) => {
    const lines = plan(conditions, page);
    expect(lines.filter(isFullScan), lines.join('\n')).toEqual([]);
    // `_id` sorts only the events it names (a handful from the request); nothing else sorts at all.
    if (!label.startsWith('AuditEvent._id')) expect(lines.some((line) => line.includes('TEMP B-TREE')), lines.join('\n')).toBe(false);
  });

  it('one value walks that value\'s run of the index in sequence order: a page reads its own rows, however long the trail', () => {
    const patient = indexed.find((shape) => shape.label === 'AuditEvent.patient')?.condition;
    if (patient === undefined) throw new Error('no patient shape');
    expect(plan([patient], { direction: 'desc', after: 100, limit: 21 })).toEqual([
      'SEARCH d USING PRIMARY KEY (param=? AND value=? AND seq<?)',
      'SEARCH e USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
  });

  it('a date range alone walks the log in sequence order from the newest (or oldest) event, sorting nothing', () => {
    expect(plan([date], { direction: 'desc', after: undefined, limit: 21 })).toEqual(['SCAN e']);
    expect(plan([date], 'count')).toEqual([expect.stringMatching(/^SEARCH e USING COVERING INDEX audit_events_by_time \(last_updated>\?\)$/)]);
  });
});
