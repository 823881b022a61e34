import Database from 'better-sqlite3';
import type { AuditEvent } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM, SDS_USER_SYSTEM } from '@raflag/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restAuditRecord, type RestAuditInput } from '../audit/audit-event.js';
import { RAFLAG_CLIENT_ID } from '../audit/audit-codes.js';
import { gpSystem, lhcre, server } from '../audit/test-support/principals.js';
import { parseSearch } from '../http/search/parse-search.js';
import { manualClock, openTempStore, type TempStore } from './test-support/temp-store.js';
import type { SearchCondition } from './store.js';
import { auditFileOf } from './audit-schema.js';

type EventShape = Pick<RestAuditInput, 'interaction' | 'status' | 'principal' | 'patient' | 'entities'> & Partial<Pick<RestAuditInput, 'reason' | 'query' | 'resourceType'>>;

describe('SQLite store: AuditEvent is stored and searchable', () => {
  let temp: TempStore;
  const clock = manualClock('2026-11-26T09:00:00.000Z');
  const ids: Record<string, string> = {};

  /** Writes one event the way the audit stage does: built at the request's time, appended to the trail. */
  async function audit(name: string, at: string, shape: EventShape): Promise<void> {
    clock.set(at);
    const [stored] = await temp.store.appendAudit([{ rest: restAuditRecord({ ...shape, requestId: `req-${name}`, server, recorded: clock.now() }) }]);
    if (stored === undefined) throw new Error('nothing appended');
    ids[name] = stored.id;
  }

  async function found(...conditions: SearchCondition[]): Promise<string[]> {
    const page = await temp.store.search({ resourceType: 'AuditEvent', conditions, sort: 'lastUpdated', count: 50 });
    const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return page.matches.map((match) => byId.get(match.id) ?? match.id);
  }

  beforeEach(async () => {
    temp = await openTempStore({ now: clock.now });
    // A GP reads p1's flag; an LHCRE searches p1; the GP's user reads p2's flag, a day later, with a
    // versioned reference; a search by NHS number for someone the server does not hold (404);
    // an unauthenticated 401 on p2.
    await audit('gp-reads-p1', '2026-11-26T09:00:00.000Z', {
      interaction: 'read',
      status: 200,
      principal: gpSystem,
      patient: { id: 'p1', nhsNumber: '9000000009' },
      entities: ['Flag/f1'],
    });
    await audit('lhcre-searches-p1', '2026-11-26T10:00:00.000Z', {
      interaction: 'search-type',
      resourceType: 'Flag',
      status: 200,
      principal: lhcre,
      patient: { id: 'p1', nhsNumber: '9000000009' },
      entities: ['Flag/f1', 'Condition/c1'],
      query: 'patient=Patient/p1',
    });
    await audit('gp-reads-p2', '2026-11-27T08:30:00.000Z', {
      interaction: 'vread',
      status: 200,
      principal: gpSystem,
      patient: { id: 'p2', nhsNumber: '9000000017' },
      entities: ['Flag/f2/_history/3'],
    });
    await audit('unknown-nhs-number', '2026-11-27T09:00:00.000Z', {
      interaction: 'patient-flag-read',
      status: 404,
      principal: lhcre,
      patient: { nhsNumber: '9000000025' },
    });
    await audit('unauthenticated', '2026-11-27T10:00:00.000Z', {
      interaction: 'read',
      status: 401,
      reason: 'no-token',
      principal: undefined,
      patient: { id: 'p2' },
    });
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('stores the event as written, with an id and meta from the store', async () => {
    const stored = await temp.store.read('AuditEvent', ids['gp-reads-p1'] ?? '');
    expect(stored?.resource).toMatchObject({ resourceType: 'AuditEvent', recorded: '2026-11-26T09:00:00.000Z', meta: { versionId: '1', lastUpdated: '2026-11-26T09:00:00.000Z' } });
  });

  it('finds events by patient reference ("who has looked at my record")', async () => {
    expect(await found({ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p1' }] })).toEqual(['gp-reads-p1', 'lhcre-searches-p1']);
    expect(await found({ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p2' }] })).toEqual(['gp-reads-p2', 'unauthenticated']);
  });

  it('finds events by patient:identifier from the NHS number the event recorded, with or without a Patient in the store', async () => {
    expect(await found({ kind: 'identifier', param: 'patient', values: [{ system: NHS_NUMBER_SYSTEM, value: '9000000009' }] })).toEqual(['gp-reads-p1', 'lhcre-searches-p1']);
    expect(await found({ kind: 'identifier', param: 'patient', values: [{ value: '9000000025' }] })).toEqual(['unknown-nhs-number']);
    expect(await found({ kind: 'identifier', param: 'patient', values: [{ system: 'https://other.example/id', value: '9000000009' }] })).toEqual([]);
    // The 401 recorded only the logical id, so an NHS-number search cannot find it; the reference search does.
    expect(await found({ kind: 'identifier', param: 'patient', values: [{ value: '9000000017' }] })).toEqual(['gp-reads-p2']);
  });

  it.each([
    ['client id', { system: RAFLAG_CLIENT_ID, code: 'gp-system' }, ['gp-reads-p1', 'gp-reads-p2']],
    ['client id, code only', { code: 'lhcre-yhcr' }, ['lhcre-searches-p1', 'unknown-nhs-number']],
    ['end user SDS id', { system: SDS_USER_SYSTEM, code: '555000001' }, ['gp-reads-p1', 'gp-reads-p2']],
    ['organisation ODS code', { system: ODS_ORGANISATION_SYSTEM, code: 'RV9' }, ['lhcre-searches-p1', 'unknown-nhs-number']],
    ['the right value under the wrong system', { system: ODS_ORGANISATION_SYSTEM, code: 'gp-system' }, []],
    ["the server's own agent (not indexed: it is on every event)", { system: 'urn:ietf:rfc:3986', code: server.url }, []],
  ])('finds events by agent: %s', async (_label, value, expected) => {
    expect(await found({ kind: 'token', param: 'agent', values: [value] })).toEqual(expected);
  });

  it('finds events by entity, the patient included, and a versioned reference by its resource', async () => {
    expect(await found({ kind: 'reference', param: 'entity', values: [{ type: 'Flag', id: 'f1' }] })).toEqual(['gp-reads-p1', 'lhcre-searches-p1']);
    expect(await found({ kind: 'reference', param: 'entity', values: [{ type: 'Condition', id: 'c1' }] })).toEqual(['lhcre-searches-p1']);
    expect(await found({ kind: 'reference', param: 'entity', values: [{ type: 'Flag', id: 'f2' }] })).toEqual(['gp-reads-p2']);
    expect(await found({ kind: 'reference', param: 'entity', values: [{ type: 'Patient', id: 'p2' }] })).toEqual(['gp-reads-p2', 'unauthenticated']);
  });

  it('answers a date range from _lastUpdated, which is the recorded time', async () => {
    const day = (prefix: 'ge' | 'lt' | 'eq', instant: string): SearchCondition => ({ kind: 'lastUpdated', prefix, instant });
    expect(await found(day('eq', '2026-11-26'))).toEqual(['gp-reads-p1', 'lhcre-searches-p1']);
    expect(await found(day('ge', '2026-11-27T08:30:00.000Z'), day('lt', '2026-11-27T10:00:00.000Z'))).toEqual(['gp-reads-p2', 'unknown-nhs-number']);
    // Combined with a patient: one person's trail over a period.
    expect(await found({ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: 'p2' }] }, day('ge', '2026-11-27T09:00'))).toEqual(['unauthenticated']);
    for (const name of Object.keys(ids)) {
      const stored = await temp.store.read('AuditEvent', ids[name] ?? '');
      expect(stored?.lastUpdated).toBe((stored?.resource as AuditEvent | undefined)?.recorded);
    }
  });

  it.each([
    ['patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009&date=ge2026-11-26T09:30&date=lt2026-11-27', ['lhcre-searches-p1']],
    ['patient=Patient/p2&date=lt2026-11-27T09:00:00Z', ['gp-reads-p2']],
    ['agent=https://fhir.nhs.uk/Id/ods-organization-code|RV9', ['unknown-nhs-number', 'lhcre-searches-p1']],
    ['entity=Flag/f1&_sort=_lastUpdated', ['gp-reads-p1', 'lhcre-searches-p1']],
    ['date=2026-11-27&agent=gp-system', ['gp-reads-p2']],
  ])('answers %s as the HTTP layer parses it, date included', async (queryString, expected) => {
    const { query } = parseSearch('AuditEvent', new URLSearchParams(queryString), { countMax: 100 });
    const page = await temp.store.search(query);
    const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    expect(page.matches.map((match) => byId.get(match.id))).toEqual(expected);
  });

  it('pages a trail newest first', async () => {
    const first = await temp.store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'token', param: 'agent', values: [{ code: 'B86010' }] }], sort: '-lastUpdated', count: 1 });
    expect(first.matches.map((match) => match.id)).toEqual([ids['gp-reads-p2']]);
    const second = await temp.store.search({ resourceType: 'AuditEvent', conditions: [{ kind: 'token', param: 'agent', values: [{ code: 'B86010' }] }], sort: '-lastUpdated', count: 1, cursor: first.next });
    expect(second.matches.map((match) => match.id)).toEqual([ids['gp-reads-p1']]);
  });

  it('rebuilds the audit index once on open when it was made from another search-parameter table', async () => {
    await temp.store.close();
    const auditFile = auditFileOf(temp.file);
    const db = new Database(auditFile);
    db.exec("DELETE FROM audit_index; UPDATE audit_meta SET value = 'an older table' WHERE name = 'index-signature'");
    db.close();
    const store = await temp.reopen({ now: clock.now });
    expect(await found({ kind: 'token', param: 'agent', values: [{ code: 'RV9' }] })).toEqual(['lhcre-searches-p1', 'unknown-nhs-number']);
    expect(await found({ kind: 'identifier', param: 'patient', values: [{ value: '9000000025' }] })).toEqual(['unknown-nhs-number']);
    await store.close();
    const after = new Database(auditFile, { readonly: true });
    try {
      expect(after.prepare("SELECT value FROM audit_meta WHERE name = 'index-signature'").get()).not.toEqual({ value: 'an older table' });
    } finally {
      after.close();
    }
    await temp.reopen({ now: clock.now });
  });

  it('keeps the trail in its own file beside the database, where the resource tables are not', async () => {
    await temp.store.close();
    const auditDb = new Database(auditFileOf(temp.file), { readonly: true });
    const mainDb = new Database(temp.file, { readonly: true });
    try {
      expect(auditDb.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: Object.keys(ids).length });
      const tables = (mainDb.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
      expect(tables).toContain('resource_versions');
      expect(tables).not.toContain('audit_events');
    } finally {
      auditDb.close();
      mainDb.close();
    }
    await temp.reopen({ now: clock.now });
  });
});
