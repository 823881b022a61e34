import { raflagUrl } from '../../canonical.js';
import { codeSystem, consentBasisFrom, valueSet } from '../../terminology/index.js';
import { isObject, itemsOf, textOf, type JsonObject } from '../json-read.js';
import { checkConcept, lookupSystem } from './coded.js';
import { checkConsentPurpose, checkStatusAgreesWithPurpose, requireElement } from './consent-rules.js';
import { checkProvenanceCount } from './contained-provenance.js';
import type { ProfileDef } from './profile-def.js';
import type { Report } from './profile-report.js';

const name = 'RA-Consent';

function hasSummary(consent: JsonObject): boolean {
  return itemsOf(consent.extension).some(
    ({ value }) =>
      value.url === raflagUrl.consentCreateSummary &&
      isObject(value.valueAnnotation) &&
      textOf(value.valueAnnotation.text) !== undefined,
  );
}

/** Each nested provision permits or denies sharing with the sharing partners it names. */
function checkSharingProvisions(consent: JsonObject, path: string, report: Report): void {
  const provision = consent.provision;
  if (!isObject(provision)) return;
  for (const { value, index } of itemsOf(provision.provision)) {
    const at = `${path}.provision.provision[${index}]`;
    requireElement(value, 'type', at, 'provision.provision.type', name, report);
    requireElement(value, 'actor', at, 'provision.provision.actor', name, report);
  }
}

/**
 * raflag's RA-Consent (DESIGN decision 3), shaped on the 2024 FlagConsent: who consented in
 * `policyRule` (FlagProxyRole 001–004), what was decided in `provision.purpose` (RACONSENT,
 * RADISSENT, RAREVOKED) with a status that agrees, a best-interest summary whenever a Mental
 * Capacity Act best-interest decision (002) stands in for the patient, and nested provisions that
 * permit or deny named sharing partners.
 */
export const raConsentProfile: ProfileDef = {
  url: raflagUrl.consentProfile,
  name,
  resourceType: 'Consent',
  role: 'consent',
  generation: 3,
  check(resource, path, report) {
    const policyRule = requireElement(resource, 'policyRule', path, 'policyRule', name, report);
    const basis = checkConcept(
      policyRule,
      `${path}.policyRule`,
      {
        valueSet: valueSet.flagProxyRole,
        strength: 'required',
        foreign: new Map([[codeSystem.stu3ProxyRole, codeSystem.flagProxyRole]]),
      },
      report,
    );
    const purpose = checkConsentPurpose(
      resource,
      path,
      {
        valueSet: valueSet.flagConsentPurpose,
        strength: 'required',
        foreign: new Map([[codeSystem.stu3ConsentPurpose, codeSystem.raConsentPurpose]]),
      },
      name,
      report,
    );
    if (purpose) checkStatusAgreesWithPurpose(resource, path, purpose, report);
    const bestInterest = basis?.code !== undefined && consentBasisFrom(lookupSystem(basis.system) ?? '', basis.code) === 'best-interest';
    if (bestInterest && !hasSummary(resource)) {
      report('profile.best-interest-summary-required', `${path}.extension('${raflagUrl.consentCreateSummary}')`);
    }
    checkSharingProvisions(resource, path, report);
    checkProvenanceCount(resource, path, name, report);
  },
};
