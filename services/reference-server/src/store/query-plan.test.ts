import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, searchPageSql, type SqlStatement } from './search-sql.js';
import { fixedSql } from './statements.js';
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
    const params = statement.params.length > 0 ? statement.params : Array.from({ length: (statement.sql.match(/\?/g) ?? []).length }, () => 'x');
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...params) as { detail: string }[];
    // A plain INSERT reads nothing, so it has no plan; everything else must show how it reads.
    if (!statement.sql.startsWith('INSERT')) expect(plan.length).toBeGreaterThan(0);
    const scans = plan.map((line) => line.detail).filter(isFullScan);
    expect(scans, plan.map((line) => line.detail).join('\n')).toEqual([]);
  });
});
