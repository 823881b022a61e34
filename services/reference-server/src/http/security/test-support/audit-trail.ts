import type { AuditEvent } from 'fhir/r4.js';
import type { Store } from '../../../store/store.js';

/** The X-Request-ID an event records (BALP entity type `XrequestId`). */
export const requestIdOf = (event: AuditEvent | undefined): string | undefined => event?.entity?.find((e) => e.type?.code === 'XrequestId')?.what?.identifier?.value;

/** The AuditEvents about one patient, newest first, read straight from the store (no access checks). */
export async function auditEventsAbout(store: Store, patientId: string): Promise<AuditEvent[]> {
  const page = await store.search({
    resourceType: 'AuditEvent',
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
    sort: '-lastUpdated',
    count: 100,
  });
  return page.matches.map((m) => m.resource as AuditEvent);
}

/** The newest `count` AuditEvents in the store, newest first. */
export async function newestAuditEvents(store: Store, count: number): Promise<AuditEvent[]> {
  const page = await store.search({ resourceType: 'AuditEvent', conditions: [], sort: '-lastUpdated', count });
  return page.matches.map((m) => m.resource as AuditEvent);
}
