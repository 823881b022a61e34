import type { Resource } from 'fhir/r4.js';
import type { ClientPrincipal, Principal } from '../auth/principal.js';
import { accessLevel, atLeast, type AccessLevel } from '../authz/access-level.js';
import { viewAt } from '../authz/redact.js';
import { dependsOnTime, readConsentState, type ConsentState } from '../consent/consent-state.js';
import { decide, type Decision } from '../consent/decide.js';
import type { SharingAgreement } from '../consent/sharing-agreements.js';
import { withResource, type SearchQuery, type Store, type StoredVersion } from '../store/store.js';
import { recordingOrganisationsOf } from './recording-organisations.js';
import { patientIdOf } from './resource-patient.js';

/** Enough for any one patient's record; a record with more consents than this is not a real one. */
const RECORD_PAGE = 100;

const byPatient = (resourceType: string, patientId: string): SearchQuery => ({
  resourceType,
  conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
  sort: '-lastUpdated',
  count: RECORD_PAGE,
});

/** A consent decision taken while answering one request, for the audit trail. */
export interface RecordedDecision {
  readonly patientId: string;
  readonly resourceType: string;
  readonly decision: Decision;
  readonly consentId: string | undefined;
}

/** The consent and the recording organisations of one patient's record, as stored now. */
export interface PatientRecordFacts {
  readonly consent: ConsentState;
  readonly recordingOrganisations: readonly string[];
}

/** The queries that find a patient's consents and flags. */
export const recordQueries = (patientId: string): { readonly consents: SearchQuery; readonly flags: SearchQuery } => ({
  consents: byPatient('Consent', patientId),
  flags: byPatient('Flag', patientId),
});

/** What `decide` needs to know about a patient's record, from its consents and flags. */
export function recordFacts(consents: readonly StoredVersion[], flags: readonly StoredVersion[], now: Date): PatientRecordFacts {
  const organisations = new Set<string>();
  for (const flag of flags) if (flag.resource) for (const code of recordingOrganisationsOf(flag.resource)) organisations.add(code);
  return { consent: readConsentState(consents, now), recordingOrganisations: [...organisations] };
}

/**
 * Facts kept per pair of cached pages, for records whose consents have no period: those facts
 * hold until the store changes, which gives the next search new pages. Working them out again
 * on every read cost about 3% of the read's main-thread time.
 */
const steadyFacts = new WeakMap<readonly StoredVersion[], { readonly flags: readonly StoredVersion[]; readonly facts: PatientRecordFacts }>();

/** `recordFacts`, reusing the answer for the same cached pages when the time cannot change it. */
function recordFactsOf(consents: readonly StoredVersion[], flags: readonly StoredVersion[], now: Date): PatientRecordFacts {
  const known = steadyFacts.get(consents);
  if (known !== undefined && known.flags === flags) return known.facts;
  const facts = recordFacts(consents, flags, now);
  // Only the read cache's pages, which are frozen and handed out again until a write: a page made
  // inside a transaction is never seen twice.
  if (Object.isFrozen(consents) && Object.isFrozen(flags) && !dependsOnTime(consents)) steadyFacts.set(consents, { flags, facts });
  return facts;
}

/**
 * What one caller may see, for one request. Every resource that leaves the store on a read path
 * passes `view`, which asks `decide` (DESIGN decision 8) about the resource's patient and then
 * trims it to the caller's NHS activity level; anything refused comes back undefined, so the
 * handler answers exactly as if it did not exist. Decisions are remembered per patient and type
 * for the rest of the request and kept for the audit event.
 */
export class AccessPolicy {
  readonly decisions: RecordedDecision[] = [];
  /** Resources this caller was shown (`Type/id`) and whose records they were in. */
  readonly shown = new Set<string>();
  readonly patients = new Set<string>();
  private readonly memo = new Map<string, Promise<Decision>>();
  private readonly facts = new Map<string, Promise<PatientRecordFacts>>();

  constructor(
    readonly principal: Principal,
    private readonly store: Store,
    private readonly agreements: ReadonlyMap<string, SharingAgreement>,
    private readonly now: () => Date,
  ) {}

  /** False only without authentication (`--insecure-no-auth`): then nothing is filtered. */
  get restricted(): boolean {
    return this.principal.kind === 'client';
  }

  async view(version: StoredVersion): Promise<StoredVersion | undefined> {
    const shown = await this.viewOf(version);
    if (shown?.resource !== undefined) {
      this.shown.add(`${version.resourceType}/${version.id}`);
      const patientId = patientIdOf(shown.resource);
      if (patientId !== undefined && version.resourceType !== 'AuditEvent') this.patients.add(patientId);
    }
    return shown;
  }

  private async viewOf(version: StoredVersion): Promise<StoredVersion | undefined> {
    const principal = this.principal;
    if (principal.kind !== 'client') return version;
    // A tombstone names no patient; a restricted caller is told 404 rather than that it existed.
    if (version.deleted || version.resource === undefined) return undefined;
    const resource = version.resource;
    const level = accessLevel(principal);
    if (resource.resourceType === 'AuditEvent') return (await this.auditEventVisible(principal, level, resource)) ? version : undefined;
    if (principal.clientKind === 'auditor') return undefined;
    const patientId = patientIdOf(resource);
    if (patientId === undefined) return undefined;
    const decision = await this.decision(principal, patientId, resource.resourceType);
    if (decision.decision !== 'permit') return undefined;
    const viewed = viewAt(level, resource);
    if (viewed === undefined) return undefined;
    return viewed === resource ? version : withResource(version, viewed as Resource);
  }

  /** The decision for a patient, as `view` would take it (for handlers that need it up front). */
  async decisionFor(patientId: string, resourceType: string): Promise<Decision | undefined> {
    return this.principal.kind === 'client' ? this.decision(this.principal, patientId, resourceType) : undefined;
  }

  private async auditEventVisible(principal: ClientPrincipal, level: AccessLevel, resource: Resource): Promise<boolean> {
    if (principal.clientKind === 'auditor') return true;
    // Care staff may show a person who has looked at their record: only for patients they may read.
    if (principal.clientKind !== 'clinical-system' || !atLeast(level, 'details')) return false;
    const patientId = patientIdOf(resource);
    if (patientId === undefined) return false;
    return (await this.decision(principal, patientId, 'Flag')).decision === 'permit';
  }

  private decision(principal: ClientPrincipal, patientId: string, resourceType: string): Promise<Decision> {
    const key = `${patientId}|${resourceType}`;
    let pending = this.memo.get(key);
    if (pending === undefined) {
      pending = this.decide(principal, patientId, resourceType);
      this.memo.set(key, pending);
    }
    return pending;
  }

  private async decide(principal: ClientPrincipal, patientId: string, resourceType: string): Promise<Decision> {
    let facts = this.facts.get(patientId);
    if (facts === undefined) {
      const queries = recordQueries(patientId);
      const now = this.now();
      facts = Promise.all([this.store.search(queries.consents), this.store.search(queries.flags)]).then(([consents, flags]) => recordFactsOf(consents.matches, flags.matches, now));
      this.facts.set(patientId, facts);
    }
    const { consent, recordingOrganisations } = await facts;
    const agreement = principal.clientKind === 'lhcre' ? this.agreements.get(principal.clientId) : undefined;
    const decision = decide({ principal, consent, agreement, recordingOrganisations, resourceType });
    this.decisions.push({ patientId, resourceType, decision, consentId: consent.consentId });
    return decision;
  }
}
