import type { Resource } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM, SDS_USER_SYSTEM } from '@raflag/core';
import type { RestAuditRecord } from '../audit/audit-event.js';
import { RAFLAG_CLIENT_ID } from '../audit/audit-codes.js';
import { findSearchParameter, referenceTarget } from '../search/search-parameters.js';
import { AUDIT_FORMAT } from './audit-schema.js';
import type { AuditRow } from './audit-writer.js';
import { indexRowsOf } from './index-rows.js';
import type { AppendedAudit } from './store.js';

export const AUDIT_EVENT = 'AuditEvent';

export type IndexRow = readonly [param: string, value: string];

/** A token is found with its system (`param`, `system|code`) and without (`param:code`, `code`). */
const tokenRows = (param: string, system: string, code: string): IndexRow[] => [
  [param, `${system}|${code}`],
  [`${param}:code`, code],
];

/** The (param, value) rows that find an event, from the search-parameter table. */
export function auditIndexRows(event: Resource): IndexRow[] {
  const rows = indexRowsOf(event);
  return [
    ...rows.tokens.flatMap((token) => tokenRows(token.param, token.system, token.code)),
    ...rows.references.map((reference): IndexRow => [reference.param, `${reference.targetType}/${reference.targetId}`]),
  ];
}

/** The event with the id and meta the trail gives it, as reads return it. */
export function storedAuditEvent(event: Resource, id: string, lastUpdated: string): Resource {
  const { id: _ignored, resourceType: _type, meta, ...rest } = event;
  return { resourceType: AUDIT_EVENT, id, meta: { ...meta, versionId: '1', lastUpdated }, ...rest } as Resource;
}

/** An AuditEvent kept as it is: its JSON, and index rows from the search-parameter table. */
export function eventAuditRow(event: Resource, appended: AppendedAudit): AuditRow {
  const stored = storedAuditEvent(event, appended.id, appended.lastUpdated);
  return { id: appended.id, lastUpdated: appended.lastUpdated, format: AUDIT_FORMAT.event, json: JSON.stringify(stored), index: auditIndexRows(stored) };
}

/** A REST request's event kept as its facts (audit-event.ts), rendered when read. */
export function restAuditRow(record: RestAuditRecord, appended: AppendedAudit): AuditRow {
  return { id: appended.id, lastUpdated: appended.lastUpdated, format: AUDIT_FORMAT.rest, json: JSON.stringify(record), index: restRecordIndexRows(record) };
}

const ENTITY_TARGETS: readonly string[] = (() => {
  const entity = findSearchParameter(AUDIT_EVENT, 'entity');
  return entity?.type === 'reference' ? entity.targets : [];
})();

/**
 * The rows `auditIndexRows` would make of the record's rendered event, worked out from the facts
 * directly: rendering the event and walking it with the search-parameter table cost more than the
 * rest of the append on every audited request. audit-rows.test.ts holds the two to the same
 * answer for every kind of record, so a change to the table or the event shows up there.
 */
export function restRecordIndexRows(record: RestAuditRecord): IndexRow[] {
  const rows: IndexRow[] = [];
  const patient = record.patient;
  if (patient?.nhsNumber !== undefined) rows.push(...tokenRows('patient:identifier', NHS_NUMBER_SYSTEM, patient.nhsNumber));
  const caller = record.principal;
  if (caller?.kind === 'client') {
    rows.push(...tokenRows('agent', RAFLAG_CLIENT_ID, caller.clientId));
    if (caller.user !== undefined) rows.push(...tokenRows('agent', SDS_USER_SYSTEM, caller.user.id));
    rows.push(...tokenRows('agent', ODS_ORGANISATION_SYSTEM, caller.organisation.odsCode));
  }
  if (patient?.id !== undefined) rows.push(['patient', `Patient/${patient.id}`], ['entity', `Patient/${patient.id}`]);
  for (const reference of record.entities ?? []) {
    const target = referenceTarget({ reference });
    if (target !== undefined && ENTITY_TARGETS.includes(target.type)) rows.push(['entity', `${target.type}/${target.id}`]);
  }
  return rows;
}
