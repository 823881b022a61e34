import { consentStateFrom, type ConsentState } from '../../terminology/index.js';
import { isFilledObject, stringOf, wellFormedCoding, type CodingAt, type JsonObject } from '../json-read.js';
import { checkCodings, lookupSystem, type Binding } from './coded.js';
import { checkAtMostOne } from './cardinality.js';
import type { Report } from './profile-report.js';

/**
 * `Consent.provision.purpose`, 1..1 in FlagConsent and RA-Consent: what the consent says
 * (RACONSENT given, RADISSENT refused, RAREVOKED withdrawn). Answers the state when it is known.
 */
export function checkConsentPurpose(
  consent: JsonObject,
  path: string,
  binding: Binding,
  profileName: string,
  report: Report,
): { state: ConsentState; coding: CodingAt } | undefined {
  const provisionPath = `${path}.provision`;
  const provision = consent.provision;
  // A provision of the wrong shape, or empty, is the base rules' to report.
  if (provision !== undefined && !isFilledObject(provision)) return undefined;
  const purposes = provision?.purpose;
  if (purposes === undefined) {
    report('profile.element-missing', `${provisionPath}.purpose`, { element: 'provision.purpose', profileName });
    return undefined;
  }
  if (!Array.isArray(purposes) || purposes.length === 0) return undefined;
  checkAtMostOne(purposes, `${provisionPath}.purpose`, 'provision.purpose', profileName, report);
  const coding = wellFormedCoding(purposes[0], `${provisionPath}.purpose[0]`);
  if (!coding) return undefined;
  // A Coding is its own element: the binding check reports at its `.code` or `.system`.
  const valid = checkCodings([coding], coding.path, binding, report);
  if (!valid?.code) return undefined;
  const state = consentStateFrom(lookupSystem(valid.system) ?? '', valid.code);
  return state ? { state, coding: valid } : undefined;
}

/** The consent status each purpose needs (DESIGN decision 3, domain.md §7 item 22). */
export const statusForState: Readonly<Record<ConsentState, string>> = {
  given: 'active',
  refused: 'inactive',
  withdrawn: 'inactive',
};

/** R4 consent-state-codes: any other status is a base-rule error (a required binding), not reported again here. */
const CONSENT_STATES = new Set(['draft', 'proposed', 'active', 'rejected', 'inactive']);

/** Reports a status that does not agree with the purpose; `severity` lets Gen 2, which never agreed, only warn. */
export function checkStatusAgreesWithPurpose(
  consent: JsonObject,
  path: string,
  purpose: { state: ConsentState; coding: CodingAt },
  report: Report,
  severity?: 'warning',
): void {
  const status = stringOf(consent.status);
  // entered-in-error says nothing about what was decided, so it agrees with every purpose.
  if (status === undefined || !CONSENT_STATES.has(status)) return;
  if (status !== statusForState[purpose.state]) {
    report('profile.consent-status-purpose', `${path}.status`, { status, purpose: purpose.coding.code ?? '' }, severity);
  }
}
