import type { Resource } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM } from '@raflag/core';
import type { ClientPrincipal, Principal } from '../auth/principal.js';
import { isPatientFlag } from '../authz/redact.js';
import { accessLevel } from '../authz/access-level.js';
import { viewAt } from '../authz/redact.js';
import { readConsentState, type ConsentState } from '../consent/consent-state.js';
import { decide } from '../consent/decide.js';
import type { SharingAgreement } from '../consent/sharing-agreements.js';
import { httpError } from '../http/http-error.js';
import { withResource, type StoredVersion, type StoreTransaction, type WriteResult } from '../store/store.js';
import { newResourceId } from '../store/resource-id.js';
import { recordFacts, recordQueries, type PatientRecordFacts } from './access-policy.js';
import { withProvenanceFromToken } from './provenance-from-token.js';
import { patientIdOf } from './resource-patient.js';

export interface WriteRulesContext {
  readonly principal: Principal;
  readonly agreements: readonly SharingAgreement[];
  readonly now: () => Date;
  /** Told of each resource written (`Type/id`) and the patient whose record it is in. */
  readonly onWritten?: ((reference: string, patientId: string | undefined) => void) | undefined;
}

interface Touched {
  /** Only with sharing agreements: what decides a `withdrawn` notification. */
  readonly before: PatientRecordFacts | undefined;
  readonly written: string[];
  /** A new active Flag or Condition was recorded for this patient in this transaction. */
  newActiveItem: boolean;
}

/**
 * A new adjustment or impairment: what may not be recorded once the patient has refused or
 * withdrawn consent. Rewriting items that already exist is allowed, so the transaction that records the
 * withdrawal itself can carry the record as it stands.
 */
function isActiveItem(resource: Resource): boolean {
  const value = resource as { status?: string; clinicalStatus?: { coding?: { code?: string }[] } };
  // The PatientFlag itself may stand for a refusal: its only detail is then the refused Consent.
  if (resource.resourceType === 'Flag') return value.status === 'active' && !isPatientFlag(resource);
  if (resource.resourceType === 'Condition') return value.clinicalStatus?.coding?.some((coding) => coding.code === 'active') ?? false;
  return false;
}

/** The sharing partner as a caller, so the write path asks `decide` the same question its reads will. */
const asLhcre = (agreement: SharingAgreement): ClientPrincipal => ({
  kind: 'client',
  clientId: agreement.clientId,
  clientKind: 'lhcre',
  organisation: agreement.organisation,
  scope: '',
  purposeOfUse: 'TREAT',
  tokenId: '',
});

/** Facts read inside the transaction, so they include what it has written so far. */
function factsNow(tx: StoreTransaction, patientId: string, now: Date): PatientRecordFacts {
  const queries = recordQueries(patientId);
  return recordFacts(tx.search(queries.consents).matches, tx.search(queries.flags).matches, now);
}

/** The consent alone, read inside the transaction: all a new active item needs with no LHCRE to tell. */
const consentNow = (tx: StoreTransaction, patientId: string, now: Date): ConsentState => readConsentState(tx.search(recordQueries(patientId).consents).matches, now);

const permitted = (agreement: SharingAgreement, facts: PatientRecordFacts): boolean =>
  decide({ principal: asLhcre(agreement), consent: facts.consent, agreement, recordingOrganisations: facts.recordingOrganisations, resourceType: 'Flag' }).decision === 'permit';

/**
 * A stored version as the caller may see it inside a transaction, decided as `AccessPolicy.view`
 * decides outside one (the same `decide` over the same record facts, then the activity-level
 * view), but synchronously, because transaction work is. Without this, a GET entry in a batch or
 * transaction Bundle, or a PUT or DELETE by id, reached a record its caller may not read.
 * Tombstones pass: they name no patient and carry no content.
 */
function viewInTransaction(tx: StoreTransaction, principal: ClientPrincipal, agreements: readonly SharingAgreement[], version: StoredVersion, now: Date): StoredVersion | undefined {
  const resource = version.resource;
  if (version.deleted || resource === undefined) return version;
  // Bundles never need the audit trail (AuditEvent has its own search); auditors never need clinical data.
  if (resource.resourceType === 'AuditEvent' || principal.clientKind === 'auditor') return undefined;
  const patientId = patientIdOf(resource);
  if (patientId === undefined) return undefined;
  const facts = factsNow(tx, patientId, now);
  const agreement = principal.clientKind === 'lhcre' ? agreements.find((a) => a.clientId === principal.clientId) : undefined;
  const decision = decide({ principal, consent: facts.consent, agreement, recordingOrganisations: facts.recordingOrganisations, resourceType: resource.resourceType });
  if (decision.decision !== 'permit') return undefined;
  const viewed = viewAt(accessLevel(principal), resource);
  if (viewed === undefined) return undefined;
  return viewed === resource ? version : withResource(version, viewed as Resource);
}

/** Where each type names its patient, for the expression. */
const PATIENT_ELEMENT: Readonly<Record<string, string>> = { Flag: 'subject', Condition: 'subject', Consent: 'patient' };

/**
 * security.md C16: an update keeps the resource in the record it was in. Moving it would take it
 * out of one patient's record without that record's consent checks or LHCRE notifications, and
 * put it in another's under the first one's authorship.
 */
function refuseMovingPatient(current: StoredVersion | undefined, next: Resource): void {
  if (current?.resource === undefined || current.deleted) return;
  const before = patientIdOf(current.resource);
  if (before === undefined || patientIdOf(next) === before) return;
  const element = PATIENT_ELEMENT[next.resourceType] ?? 'subject';
  throw httpError(422, 'http.patient-immutable', `${next.resourceType}.${element}`, { type: next.resourceType, element: `${next.resourceType}.${element}` });
}

/** What the store answers for an id that never existed: a hidden record must look the same. */
const HIDDEN: WriteResult = { ok: false, refusal: { kind: 'not-found' } };

/**
 * Wraps a store transaction's work with what every write must do (DESIGN "How data flows"):
 * Provenance filled from the caller's token; no new active flag or impairment for a patient who has
 * refused or withdrawn consent (422, and the whole transaction rolls back); and, in the same
 * database transaction, an outbox row for each LHCRE whose sharing the patient's consent permits
 * after the write (`record-changed`), or permitted before it and no longer does (`withdrawn`).
 */
export function withWriteRules<T>(work: (tx: StoreTransaction) => T, context: WriteRulesContext): (tx: StoreTransaction) => T {
  return (tx) => {
    const now = context.now();
    const touched = new Map<string, Touched>();
    const touch = (patientId: string | undefined): Touched | undefined => {
      if (patientId === undefined) return undefined;
      let entry = touched.get(patientId);
      if (entry === undefined) {
        // Two searches per patient written, needed only to tell an LHCRE its sharing has ended.
        const before = context.agreements.length === 0 ? undefined : factsNow(tx, patientId, now);
        entry = { before, written: [], newActiveItem: false };
        touched.set(patientId, entry);
      }
      return entry;
    };
    const prepare = <R extends Resource>(resource: R): R => (context.principal.kind === 'client' ? withProvenanceFromToken(resource, context.principal) : resource);
    const note = (resource: Resource, id: string, created: boolean): void => {
      const patientId = patientIdOf({ ...resource, id } as Resource);
      context.onWritten?.(`${resource.resourceType}/${id}`, patientId);
      const entry = touch(patientId);
      if (entry === undefined) return;
      entry.written.push(`${resource.resourceType}/${id}`);
      if (created && isActiveItem(resource)) entry.newActiveItem = true;
    };
    const principal = context.principal;
    const view = (version: StoredVersion | undefined): StoredVersion | undefined =>
      version === undefined || principal.kind !== 'client' ? version : viewInTransaction(tx, principal, context.agreements, version, now);
    /** A live resource is there but this caller may not see it: changing it is answered as for a missing id. */
    const hidden = (type: string, id: string): boolean => {
      const current = tx.read(type, id);
      return current !== undefined && view(current) === undefined;
    };
    // The Patient a conditional create finds by NHS number is how a first flag gets recorded for
    // someone who has no record yet (and so is not readable): it only holds what the caller sent.
    const hiddenMatch = (version: StoredVersion): boolean => version.resourceType !== 'Patient' && view(version) === undefined;
    const guarded: StoreTransaction = {
      ...tx,
      read: (type, id) => view(tx.read(type, id)),
      // Used for If-None-Exist only. A flag, condition or consent the caller may not read is
      // neither returned (that would show it) nor skipped (that would duplicate it): the
      // condition fails with 412 and the transaction rolls back.
      search: (query) => {
        const page = tx.search(query);
        if (page.matches.some(hiddenMatch)) throw httpError(412, 'http.conditional-match-hidden', undefined);
        return page;
      },
      create: (resource, options) => {
        const prepared = prepare(resource);
        const result = tx.create(prepared, options);
        if (result.ok && result.existing === true && hiddenMatch(result.version)) throw httpError(412, 'http.conditional-match-hidden', undefined);
        if (result.ok && result.created) note(prepared, result.version.id, true);
        return result;
      },
      update: (resource, options) => {
        if (hidden(resource.resourceType, resource.id)) return HIDDEN;
        refuseMovingPatient(tx.read(resource.resourceType, resource.id), resource);
        const prepared = prepare(resource);
        touch(patientIdOf(prepared));
        const result = tx.update(prepared, options);
        if (result.ok) note(prepared, resource.id, result.created);
        return result;
      },
      delete: (type, id, options) => {
        if (hidden(type, id)) return HIDDEN;
        const current = tx.read(type, id);
        const entry = current?.resource ? touch(patientIdOf(current.resource)) : undefined;
        const result = tx.delete(type, id, options);
        if (result.ok) context.onWritten?.(`${type}/${id}`, current?.resource ? patientIdOf(current.resource) : undefined);
        if (result.ok && entry !== undefined) entry.written.push(`${type}/${id}`);
        return result;
      },
    };
    const result = work(guarded);
    for (const [patientId, entry] of touched) {
      const notifying = context.agreements.length > 0 && entry.written.length > 0;
      if (!entry.newActiveItem && !notifying) continue;
      // The flags (recording organisations) matter only to a notification: a new active item
      // with no LHCRE to tell needs the consent alone, one search instead of two.
      const after = notifying ? factsNow(tx, patientId, now) : undefined;
      const state = (after?.consent ?? consentNow(tx, patientId, now)).overall;
      if (entry.newActiveItem && (state === 'refused' || state === 'withdrawn')) {
        throw httpError(422, 'http.consent-refused', undefined, { state: state === 'refused' ? 'refused' : 'withdrawn' });
      }
      if (after === undefined) continue;
      const patient = tx.read('Patient', patientId)?.resource as { identifier?: { system?: string; value?: string }[] } | undefined;
      const nhsNumber = patient?.identifier?.find((identifier) => identifier.system === NHS_NUMBER_SYSTEM)?.value;
      if (nhsNumber === undefined) continue;
      for (const agreement of context.agreements) {
        const event = permitted(agreement, after) ? 'record-changed' : entry.before !== undefined && permitted(agreement, entry.before) ? 'withdrawn' : undefined;
        if (event === undefined) continue;
        tx.addOutbox({
          id: newResourceId(),
          lhcreClientId: agreement.clientId,
          endpoint: agreement.notificationEndpoint,
          event,
          nhsNumber,
          resources: event === 'withdrawn' ? [] : entry.written,
          changedAt: now.toISOString(),
        });
      }
    }
    return result;
  };
}
