import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restAuditEvent, restAuditEventOf, restAuditRecord, type RestAuditInput } from '../audit/audit-event.js';
import { breakGlassEvent } from '../audit/security-alert-event.js';
import { breakGlassClinician, gpSystem, lhcre, server } from '../audit/test-support/principals.js';
import { AUDIT_FORMAT, auditFileOf } from './audit-schema.js';
import { auditIndexRows, restRecordIndexRows } from './audit-rows.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

const recorded = new Date('2026-11-26T10:15:00.000Z');
const common = { requestId: '60e0b220-8136-4ca5-ae46-1d97ef59d068', server, recorded };

/** One of each kind of caller, patient and entity list the audit stage writes. */
const inputs: Record<string, RestAuditInput> = {
  'a GP user reading a flag': { ...common, interaction: 'read', resourceType: 'Flag', status: 200, principal: gpSystem, patient: { id: 'p1', nhsNumber: '9000000009' }, entities: ['Flag/f1'], network: '10.0.0.7' },
  'an LHCRE searching, with a query and a correlation id': {
    ...common,
    interaction: 'search-type',
    resourceType: 'Flag',
    status: 200,
    principal: lhcre,
    patient: { id: 'p1' },
    entities: ['Flag/f1', 'Condition/c1', 'Consent/k1', 'Patient/p1'],
    query: 'patient=Patient/p1',
    correlationId: 'corr-1',
  },
  'a versioned read, and an entity of a type the index leaves out': { ...common, interaction: 'vread', status: 200, principal: gpSystem, patient: { id: 'p2' }, entities: ['Flag/f2/_history/3', 'Bundle/b1'] },
  'a break-glass read': { ...common, interaction: 'patient-flag-read', resourceType: 'Flag', status: 200, principal: breakGlassClinician, patient: { id: 'p3', nhsNumber: '9000000017' }, entities: ['Flag/f3'] },
  'an NHS number the server does not hold': { ...common, interaction: 'patient-flag-read', resourceType: 'Flag', status: 404, reason: 'not-found', principal: lhcre, patient: { nhsNumber: '9000000025' } },
  'an unauthenticated request': { ...common, interaction: 'read', status: 401, reason: 'token-expired', principal: undefined, patient: { id: 'p2' } },
  'the insecure anonymous caller, no patient': { ...common, interaction: 'create', resourceType: 'Flag', status: 201, principal: { kind: 'insecure-anonymous' }, entities: ['Flag/f9'] },
};

const asSet = (rows: readonly (readonly [string, string])[]): string[] => [...new Set(rows.map(([param, value]) => `${param} ${value}`))].sort();

describe('a REST request kept as its facts', () => {
  it.each(Object.entries(inputs))('has the index rows the search-parameter table gives its rendered event: %s', (_name, input) => {
    const record = restAuditRecord(input);
    const fromTable = auditIndexRows(restAuditEventOf(record));
    expect(fromTable.length).toBeGreaterThan(0);
    expect(asSet(restRecordIndexRows(record))).toEqual(asSet(fromTable));
  });

  it('keeps nothing of the principal but who it is and for whom: no token id, scopes or break-glass reason', () => {
    const stored = JSON.stringify(restAuditRecord(inputs['a break-glass read'] as RestAuditInput));
    expect(stored).not.toContain(breakGlassClinician.tokenId);
    expect(stored).not.toContain(breakGlassClinician.scope);
    expect(stored).not.toContain('Unconscious');
    expect(stored).toContain(breakGlassClinician.clientId);
  });
});

describe('SQLite store: the audit trail renders kept facts as the event they stand for', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('reads back every kind of REST event exactly as restAuditEvent builds it, with the id and meta the trail gave it', async () => {
    const named = Object.entries(inputs);
    const appended = await temp.store.appendAudit(named.map(([, input]) => ({ rest: restAuditRecord(input) })));
    for (const [n, [name, input]] of named.entries()) {
      const at = appended[n];
      const read = await temp.store.read('AuditEvent', at?.id ?? '');
      expect(read?.resource, name).toEqual({ ...restAuditEvent(input), id: at?.id, meta: { versionId: '1', lastUpdated: at?.lastUpdated } });
    }
  });

  it('keeps a REST event as facts and any other event whole, each in a few hundred bytes, and finds both by patient', async () => {
    const input = inputs['a break-glass read'] as RestAuditInput;
    const alert = breakGlassEvent({ ...common, principal: breakGlassClinician, patient: { id: 'p3' } });
    await temp.store.appendAudit([{ rest: restAuditRecord(input) }, { event: alert }]);
    // A second pair: the first of each format became its dictionary.
    const [read, kept] = await temp.store.appendAudit([{ rest: restAuditRecord({ ...input, requestId: 'second' }) }, { event: { ...alert, recorded: '2026-11-26T10:16:00.000Z' } }]);

    const page = await temp.store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p3' }] }], sort: '-lastUpdated', count: 10 });
    expect(page.matches.map((match) => match.id)).toEqual(expect.arrayContaining([read?.id, kept?.id]));
    expect(page.matches).toHaveLength(4);
    expect((await temp.store.read('AuditEvent', kept?.id ?? ''))?.resource).toMatchObject({ subtype: alert.subtype, recorded: '2026-11-26T10:16:00.000Z' });

    const db = new Database(auditFileOf(temp.file), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, format, length(body) AS bytes FROM audit_events WHERE id IN (?, ?)').all(read?.id, kept?.id) as { id: string; format: number; bytes: number }[];
      expect(new Map(rows.map((row) => [row.id, row.format]))).toEqual(new Map([[read?.id, AUDIT_FORMAT.rest], [kept?.id, AUDIT_FORMAT.event]]));
      for (const row of rows) expect(row.bytes).toBeLessThan(300);
    } finally {
      db.close();
    }
  });
});
