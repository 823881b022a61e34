import { consentStateFrom, type ConsentState } from '../../terminology/index.js';
import { codingAt, isObject, itemsOf, stringOf, type CodingAt, type JsonObject } from '../json-read.js';
import { checkCodings, lookupSystem, type Binding } from './coded.js';
import type { Report } from './profile-report.js';

/** An element the profile makes 1..1; reports it missing, and answers it when present. */
export function requireElement(
  parent: JsonObject,
  key: string,
  path: string,
  element: string,
  profileName: string,
  report: Report,
): unknown {
  const value = parent[key];
  if (value === undefined) report('profile.element-missing', `${path}.${key}`, { element, profileName });
  return value;
}

/** A repeating element the profile narrows to one item; reports the first extra item. */
export function checkAtMostOne(items: unknown, path: string, element: string, profileName: string, report: Report): void {
  if (Array.isArray(items) && items.length > 1) {
    report('profile.too-many', `${path}[1]`, { element, max: 1, count: items.length, profileName });
  }
}

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
  if (provision !== undefined && !isObject(provision)) return undefined;
  const purposes = isObject(provision) ? provision.purpose : undefined;
  if (purposes === undefined) {
    report('profile.element-missing', `${provisionPath}.purpose`, { element: 'provision.purpose', profileName });
    return undefined;
  }
  if (!Array.isArray(purposes)) return undefined;
  checkAtMostOne(purposes, `${provisionPath}.purpose`, 'provision.purpose', profileName, report);
  const first = itemsOf(purposes)[0];
  const coding = first && codingAt(first.value, `${provisionPath}.purpose[${first.index}]`);
  if (!coding) return undefined;
  // A Coding is its own element: wrap it so the binding check reports at `.code` / `.system` of it.
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

/** Reports a status that does not agree with the purpose; `severity` lets Gen 2, which never agreed, only warn. */
export function checkStatusAgreesWithPurpose(
  consent: JsonObject,
  path: string,
  purpose: { state: ConsentState; coding: CodingAt },
  report: Report,
  severity?: 'warning',
): void {
  const status = stringOf(consent.status);
  if (status === undefined || status === 'entered-in-error') return;
  if (status !== statusForState[purpose.state]) {
    report('profile.consent-status-purpose', `${path}.status`, { status, purpose: purpose.coding.code ?? '' }, severity);
  }
}
