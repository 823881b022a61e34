import { consentBasisFrom, consentStateFrom, isRaConsent, ODS_ORGANISATION_SYSTEM, type ConsentBasis } from '@raflag/core';
import type { Resource } from 'fhir/r4.js';
import { periodContains } from './period.js';

/** One stored version of a resource, as the store returns it (`StoredVersion` fits). */
export interface ConsentVersion {
  /** The Consent's id; a tombstone has no resource to carry it. */
  readonly id?: string | undefined;
  readonly resource: Resource | undefined;
  /** Server-assigned FHIR instant. */
  readonly lastUpdated: string;
  readonly deleted?: boolean | undefined;
}

export type OverallConsent = 'given' | 'refused' | 'withdrawn' | 'none';
export type PartnerRule = 'permit' | 'deny';

/** The patient's consent as every sharing decision reads it. */
export interface ConsentState {
  readonly overall: OverallConsent;
  /** The current RA-Consent, if any. */
  readonly consentId: string | undefined;
  /** Who consented (FlagProxyRole: 001 patient, 002 best interest, 003 LPA or deputy, 004 other). */
  readonly basis: ConsentBasis | undefined;
  /** Per LHCRE, by upper-case ODS code, from the current consent's nested provisions. */
  readonly partners: ReadonlyMap<string, PartnerRule>;
  /** A nested deny names no one we can read: it is taken to deny every LHCRE. */
  readonly denyAll: boolean;
  /** Whether the current consent has any nested provision (a given consent without one permits all). */
  readonly hasPartnerProvisions: boolean;
}

export const NO_CONSENT: ConsentState = {
  overall: 'none',
  consentId: undefined,
  basis: undefined,
  partners: new Map(),
  denyAll: false,
  hasPartnerProvisions: false,
};

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The partner's key: ODS codes are case-insensitive. */
export const odsKey = (odsCode: string): string => odsCode.trim().toUpperCase();

function stateOf(consent: JsonObject): OverallConsent | undefined {
  const status = consent['status'];
  // draft, proposed, rejected and entered-in-error are not decisions (security.md 3.1, D5).
  if (status !== 'active' && status !== 'inactive') return undefined;
  const provision = isObject(consent['provision']) ? consent['provision'] : {};
  const states = objects(provision['purpose']).flatMap((c) => {
    const s = consentStateFrom(str(c['system']) ?? '', str(c['code']) ?? '');
    return s === undefined ? [] : [s];
  });
  // Conflicting purposes: the most restrictive wins.
  const state = states.includes('withdrawn') ? 'withdrawn' : states.includes('refused') ? 'refused' : states[0];
  if (state === undefined) {
    // Without a purpose the status is all there is: a bare inactive Consent ends sharing.
    return status === 'inactive' ? 'withdrawn' : undefined;
  }
  // Gen 2 keeps `active` on dissent (domain.md §7 item 22), so the purpose decides; but a given
  // consent someone set inactive has been withdrawn (that is how a client withdraws one).
  return state === 'given' && status === 'inactive' ? 'withdrawn' : state;
}

// Criteria we do not evaluate; a permit narrowed by them could be wider than meant, so it does not count.
const NARROWING = ['class', 'code', 'purpose', 'data', 'dataPeriod', 'securityLabel', 'action'];

/**
 * A deny counts whatever its period (withholding a little too long is the safe error); a permit
 * counts only while its period, if it has one, contains `now` (security.md D6).
 */
function partnersOf(consent: JsonObject, now: number): Pick<ConsentState, 'partners' | 'denyAll' | 'hasPartnerProvisions'> {
  const provision = isObject(consent['provision']) ? consent['provision'] : {};
  const nested = objects(provision['provision']);
  const partners = new Map<string, PartnerRule>();
  let denyAll = false;
  for (const node of nested) {
    const type = node['type'];
    const codes = objects(node['actor']).map((actor) => {
      const reference = isObject(actor['reference']) ? actor['reference'] : {};
      const identifier = isObject(reference['identifier']) ? reference['identifier'] : {};
      const value = str(identifier['value']);
      return identifier['system'] === ODS_ORGANISATION_SYSTEM && value !== undefined && value.trim() !== '' ? odsKey(value) : undefined;
    });
    if (type === 'deny') {
      // An actor-less deny applies to everyone; one we cannot read might name anyone.
      if (codes.length === 0 || codes.includes(undefined)) denyAll = true;
      for (const code of codes) if (code !== undefined) partners.set(code, 'deny');
      continue;
    }
    if (type !== 'permit' || NARROWING.some((key) => node[key] !== undefined)) continue;
    if (node['period'] !== undefined && !periodContains(node['period'], now)) continue;
    for (const code of codes) {
      // Permit and deny for one partner: deny wins, whatever the order.
      if (code !== undefined && partners.get(code) !== 'deny') partners.set(code, 'permit');
    }
  }
  return { partners, denyAll, hasPartnerProvisions: nested.length > 0 };
}

interface Candidate {
  readonly consent: JsonObject;
  readonly state: OverallConsent;
  readonly lastUpdated: number;
  readonly dateTime: number;
}

const RESTRICTIVENESS: Readonly<Record<OverallConsent, number>> = { none: 0, given: 1, refused: 2, withdrawn: 3 };

/** Latest stored first; then latest dated; on a full tie the more restrictive consent wins. */
function later(a: Candidate, b: Candidate): boolean {
  if (a.lastUpdated !== b.lastUpdated) return a.lastUpdated > b.lastUpdated;
  if (a.dateTime !== b.dateTime) return a.dateTime > b.dateTime;
  return RESTRICTIVENESS[a.state] > RESTRICTIVENESS[b.state];
}

const instant = (value: unknown): number => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
};

/**
 * Only the newest version of each Consent counts, so that passing a history cannot bring back a
 * consent that was since changed or deleted.
 */
function latestPerId(versions: readonly ConsentVersion[]): ConsentVersion[] {
  const byId = new Map<string, ConsentVersion>();
  const anonymous: ConsentVersion[] = [];
  for (const version of versions) {
    const resource: unknown = version.resource;
    const id = version.id ?? (isObject(resource) ? str(resource['id']) : undefined);
    if (id === undefined) {
      anonymous.push(version);
      continue;
    }
    const seen = byId.get(id);
    if (seen === undefined || instant(version.lastUpdated) > instant(seen.lastUpdated)) byId.set(id, version);
  }
  return [...byId.values(), ...anonymous];
}

/**
 * The patient's current consent from every version the caller found (other resources and
 * non-RA Consents are ignored). The current one is the one the server stored last: ordering by
 * `lastUpdated`, which the server assigns, means a client cannot future-date a consent's
 * `dateTime` to outlive a later withdrawal; `dateTime` only breaks ties. `now` dates provision
 * periods; the caller passes the request's time so one request sees one answer.
 */
export function readConsentState(versions: readonly ConsentVersion[], now: Date = new Date()): ConsentState {
  let current: Candidate | undefined;
  for (const version of latestPerId(versions)) {
    const resource: unknown = version.resource;
    if (version.deleted === true || !isObject(resource) || resource['resourceType'] !== 'Consent') continue;
    if (!isRaConsent(resource, 'Consent')) continue;
    const state = stateOf(resource);
    if (state === undefined) continue;
    const candidate = { consent: resource, state, lastUpdated: instant(version.lastUpdated), dateTime: instant(resource['dateTime']) };
    if (current === undefined || later(candidate, current)) current = candidate;
  }
  if (current === undefined) return NO_CONSENT;
  const policyRule = isObject(current.consent['policyRule']) ? current.consent['policyRule'] : {};
  const basis = objects(policyRule['coding'])
    .map((c) => consentBasisFrom(str(c['system']) ?? '', str(c['code']) ?? ''))
    .find((b) => b !== undefined);
  const partners = partnersOf(current.consent, now.getTime());
  const provision = isObject(current.consent['provision']) ? current.consent['provision'] : {};
  if (current.state === 'given' && provision['period'] !== undefined && !periodContains(provision['period'], now.getTime())) {
    // A given consent outside its period gives nothing: as if there were none, but its denials
    // still hold. Refusals and withdrawals do not lapse.
    const denials = new Map([...partners.partners].filter(([, rule]) => rule === 'deny'));
    return { ...NO_CONSENT, consentId: str(current.consent['id']), basis, partners: denials, denyAll: partners.denyAll };
  }
  return { overall: current.state, consentId: str(current.consent['id']), basis, ...partners };
}

/**
 * Whether `readConsentState` of these versions can change with `now` alone: only a period on a
 * consent's provision or on a nested provision is read against the clock. Without one, the state
 * read once holds until the consents themselves change.
 */
export function dependsOnTime(versions: readonly ConsentVersion[]): boolean {
  return versions.some((version) => {
    const resource: unknown = version.resource;
    if (!isObject(resource) || !isObject(resource['provision'])) return false;
    const provision = resource['provision'];
    return provision['period'] !== undefined || objects(provision['provision']).some((node) => node['period'] !== undefined);
  });
}

/** The current consent's rule for one LHCRE, by ODS code. */
export function partnerRule(state: ConsentState, odsCode: string): PartnerRule | undefined {
  if (state.denyAll) return 'deny';
  return state.partners.get(odsKey(odsCode));
}
