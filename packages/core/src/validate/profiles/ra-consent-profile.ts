import { ODS_ORGANISATION_SYSTEM, raflagUrl } from '../../canonical.js';
import { codeSystem, consentBasisFrom, valueSet } from '../../terminology/index.js';
import { isFilledObject, isObject, itemsOf, textMissing, type JsonObject } from '../json-read.js';
import { checkCategories, gen3PatientFlagSlice, type CategoryRules } from './category-slices.js';
import { checkConcept, lookupSystem, type Binding } from './coded.js';
import { requireElement } from './cardinality.js';
import { checkConsentPurpose, checkStatusAgreesWithPurpose } from './consent-rules.js';
import { checkProvenanceCount } from './contained-provenance.js';
import type { ProfileDef } from './profile-def.js';
import type { Report } from './profile-report.js';

const name = 'RA-Consent';

const categoryRules: CategoryRules = { slices: [gen3PatientFlagSlice], required: true, repeatable: false, profileName: name };

const proxyRole: Binding = {
  valueSet: valueSet.flagProxyRole,
  strength: 'required',
  foreign: new Map([[codeSystem.stu3ProxyRole, codeSystem.flagProxyRole]]),
};

const consentPurpose: Binding = {
  valueSet: valueSet.flagConsentPurpose,
  strength: 'required',
  foreign: new Map([[codeSystem.stu3ConsentPurpose, codeSystem.raConsentPurpose]]),
};

/**
 * Whether the best-interest summary is there. One of the wrong shape or without text is the base
 * rules' to report (Annotation.text is 1..1), so it counts; only a blank one does not.
 */
function hasSummary(consent: JsonObject): boolean {
  return itemsOf(consent.extension).some(({ value }) => {
    if (value.url !== raflagUrl.consentCreateSummary) return false;
    const annotation = value.valueAnnotation;
    return !(isObject(annotation) && typeof annotation.text === 'string' && textMissing(annotation.text));
  });
}

/**
 * Whether an actor's reference fails to name an ODS organisation code. A reference, identifier or
 * string of the wrong or empty shape is the base rules' to report, so it is not judged here.
 */
function notNamedByOds(reference: unknown): boolean {
  if (!isFilledObject(reference)) return false;
  const { identifier } = reference;
  if (identifier === undefined) return true;
  if (!isFilledObject(identifier)) return false;
  const { system, value } = identifier;
  if ([system, value].some((v) => v !== undefined && (typeof v !== 'string' || v === ''))) return false;
  return system !== ODS_ORGANISATION_SYSTEM || value === undefined || textMissing(value);
}

/**
 * Each nested provision permits or denies sharing with the partners it names, each named by its
 * ODS organisation code: that is what the sharing agreement and the consent decision match on.
 */
function checkSharingProvisions(consent: JsonObject, path: string, report: Report): void {
  const provision = consent.provision;
  if (!isObject(provision)) return;
  for (const { value, index } of itemsOf(provision.provision)) {
    // An empty provision is `base.empty`; listing what it lacks would repeat that.
    if (!isFilledObject(value)) continue;
    const at = `${path}.provision.provision[${index}]`;
    requireElement(value, 'type', at, 'provision.provision.type', name, report);
    requireElement(value, 'actor', at, 'provision.provision.actor', name, report);
    for (const { value: actor, index: a } of itemsOf(value.actor)) {
      // actor.reference is 1..1 in R4: a missing one is the base rules' to report.
      if (notNamedByOds(actor.reference)) {
        report('profile.sharing-partner', `${at}.actor[${a}].reference`, { system: ODS_ORGANISATION_SYSTEM });
      }
    }
  }
}

/**
 * raflag's RA-Consent (DESIGN decision 3), shaped on the 2024 FlagConsent and written by
 * `fhir/ra-consent.ts`: the flag type among its categories, who consented in `policyRule`
 * (FlagProxyRole 001–004), what was decided in `provision.purpose` (RACONSENT, RADISSENT,
 * RAREVOKED) with a status that agrees, a best-interest summary whenever a Mental Capacity Act
 * best-interest decision (002) stands in for the patient, and nested provisions that permit or
 * deny sharing partners named by ODS code.
 */
export const raConsentProfile: ProfileDef = {
  url: raflagUrl.consentProfile,
  name,
  resourceType: 'Consent',
  role: 'consent',
  generation: 3,
  check(resource, path, report) {
    // Consent.category is 1..* in R4, so an absent one is the base rules' to report.
    if (Array.isArray(resource.category)) {
      checkCategories(resource, path, categoryRules, report);
    }
    // Without policy either, R4's ppc-1 (policy or policyRule) already reports the gap.
    const policyRule =
      resource.policy === undefined ? resource.policyRule : requireElement(resource, 'policyRule', path, 'policyRule', name, report);
    const basis = checkConcept(policyRule, `${path}.policyRule`, proxyRole, report);
    const purpose = checkConsentPurpose(resource, path, consentPurpose, name, report);
    if (purpose) checkStatusAgreesWithPurpose(resource, path, purpose, report);
    const basisCode = basis?.code;
    const bestInterest = basisCode !== undefined && consentBasisFrom(lookupSystem(basis?.system) ?? '', basisCode) === 'best-interest';
    if (bestInterest && !hasSummary(resource)) {
      report('profile.best-interest-summary-required', `${path}.extension('${raflagUrl.consentCreateSummary}')`);
    }
    checkSharingProvisions(resource, path, report);
    checkProvenanceCount(resource, path, name, report);
  },
};
