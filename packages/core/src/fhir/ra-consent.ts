import type { Consent, ConsentProvision, ConsentProvisionActor, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import { CONSENT_SCOPE_SYSTEM, gen2Profile, ODS_ORGANISATION_SYSTEM, raflagUrl } from '../canonical.js';
import { compact } from '../model/compact.js';
import { consentSchema, type RaConsent, type SharingPartner } from '../model/consent.js';
import { makeIssue } from '../outcome/issue.js';
import { codeSystem, consentBasisFrom, consentPurposeCode, consentStateFrom, proxyRoleCode } from '../terminology/index.js';
import { coding, concept, firstMatch, readCategories, readCodings } from './codings.js';
import { annotationText, readExtensions, reportUnmapped } from './elements.js';
import { checkedItem } from './item-check.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';
import { provenanceFor, readProvenance } from './provenance.js';
import { namesRaFlag, raFlagTypeConcept, unreadable } from './ra-codes.js';

const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

const summary = (url: string, text: string | undefined) => (text === undefined ? [] : [{ url, valueAnnotation: { text } }]);

function actor(partner: SharingPartner): ConsentProvisionActor {
  return {
    role: concept(PARTICIPATION_TYPE, 'IRCP', 'information recipient'),
    reference: compact<Reference>({ identifier: { system: ODS_ORGANISATION_SYSTEM, value: partner.odsCode }, display: partner.name }),
  };
}

/**
 * The consent as an RA-Consent (the project profile shaped on the 2024 FlagConsent, DESIGN decision
 * 3): given is `active` with RACONSENT; refused and withdrawn are `inactive` with RADISSENT and
 * RAREVOKED. Each sharing partner gets its own nested permit or deny provision.
 */
export function consentToFhir(consent: RaConsent, patientRef: Reference): Consent {
  const extension = [
    ...summary(raflagUrl.consentCreateSummary, consent.bestInterestSummary),
    ...summary(raflagUrl.consentRemoveSummary, consent.removalSummary),
  ];
  const nested: ConsentProvision[] = [
    ...consent.sharing.permit.map((p): ConsentProvision => ({ type: 'permit', actor: [actor(p)] })),
    ...consent.sharing.deny.map((p): ConsentProvision => ({ type: 'deny', actor: [actor(p)] })),
  ];
  return compact<Consent>({
    resourceType: 'Consent',
    id: consent.id,
    meta: { profile: [raflagUrl.consentProfile] },
    contained: [provenanceFor(consent.recorded)],
    extension: extension.length > 0 ? extension : undefined,
    status: consent.state === 'given' ? 'active' : 'inactive',
    scope: concept(CONSENT_SCOPE_SYSTEM, 'patient-privacy', 'Privacy Consent'),
    category: [raFlagTypeConcept()],
    patient: patientRef,
    policyRule: { coding: [coding(codeSystem.flagProxyRole, proxyRoleCode(consent.basis))] },
    provision: compact<ConsentProvision>({
      purpose: [coding(codeSystem.raConsentPurpose, consentPurposeCode(consent.state))],
      provision: nested.length > 0 ? nested : undefined,
    }),
  });
}

/** Whether a Consent is about the reasonable-adjustment flag (by profile, category or proxy-role policy rule). */
export function isRaConsent(consent: JsonObject, at: string): boolean {
  const meta = consent['meta'];
  const profiles = isObject(meta) && Array.isArray(meta['profile']) ? meta['profile'] : [];
  if (profiles.includes(raflagUrl.consentProfile) || profiles.includes(gen2Profile.consent)) return true;
  const quiet: OperationOutcomeIssue[] = [];
  if (readCategories(consent, at, quiet).some(({ codings }) => namesRaFlag(codings))) return true;
  return firstMatch(readCodings(consent['policyRule'], at, quiet), consentBasisFrom) !== undefined;
}

function readSharing(provision: JsonObject, at: string, issues: OperationOutcomeIssue[]) {
  const sharing: { permit: SharingPartner[]; deny: SharingPartner[] } = { permit: [], deny: [] };
  for (const [nested, index] of objectsIn(provision['provision'])) {
    const nAt = `${at}.provision[${index}]`;
    const type = nested['type'];
    if (type !== 'permit' && type !== 'deny') {
      issues.push(makeIssue('mapping.not-carried', `${nAt}.type`, { what: 'a nested provision without type permit or deny' }));
      continue;
    }
    for (const [a, actorIndex] of objectsIn(nested['actor'])) {
      const reference = isObject(a['reference']) ? a['reference'] : {};
      const identifier = isObject(reference['identifier']) ? reference['identifier'] : {};
      const odsCode = identifier['system'] === ODS_ORGANISATION_SYSTEM ? stringAt(identifier['value']) : undefined;
      if (odsCode === undefined) {
        issues.push(makeIssue('mapping.not-carried', `${nAt}.actor[${actorIndex}].reference`, { what: 'a sharing partner without an ODS code' }));
        continue;
      }
      sharing[type].push(compact<SharingPartner>({ odsCode, name: stringAt(reference['display']) }));
    }
  }
  return sharing;
}

const KNOWN = ['contained', 'extension', 'status', 'scope', 'category', 'patient', 'policyRule', 'provision'];

/**
 * The consent from an RA-Consent or a Gen 2 FlagConsent. The purpose decides the state: the Gen 2
 * dissent and revoked examples keep `status: active` (domain.md §7 item 22), which is normalised.
 */
export function readConsent(consent: JsonObject, at: string, issues: OperationOutcomeIssue[]): RaConsent | undefined {
  reportUnmapped(consent, at, KNOWN, issues);
  const basis = firstMatch(readCodings(consent['policyRule'], `${at}.policyRule`, issues), consentBasisFrom);
  if (basis === undefined) return unreadable(issues, `${at}.policyRule`, 'policyRule (FlagProxyRole)', 'Consent');
  const provision = isObject(consent['provision']) ? consent['provision'] : undefined;
  const purposes = objectsIn(provision?.['purpose']).flatMap(([c, i]) => {
    const state = consentStateFrom(stringAt(c['system']) ?? '', stringAt(c['code']) ?? '');
    return state === undefined ? [] : [{ state, at: `${at}.provision.purpose[${i}]` }];
  });
  const [purpose] = purposes;
  if (purpose === undefined) {
    if (objectsIn(provision?.['purpose']).length === 0) {
      return unreadable(issues, `${at}.provision.purpose`, 'provision.purpose (RA-ConsentPurpose)', 'Consent');
    }
    issues.push(makeIssue('mapping.unrecognised-code', `${at}.provision.purpose[0]`));
    return undefined;
  }
  const expectedStatus = purpose.state === 'given' ? 'active' : 'inactive';
  if (consent['status'] !== expectedStatus) {
    issues.push(makeIssue('mapping.normalised', `${at}.status`, { what: `Consent.status read as ${expectedStatus} from provision.purpose` }));
  }
  const extensions = readExtensions(consent, at, [raflagUrl.consentCreateSummary, raflagUrl.consentRemoveSummary], issues);
  const bestInterestSummary = annotationText(extensions.get(raflagUrl.consentCreateSummary), issues);
  if (basis.value === 'best-interest' && bestInterestSummary === undefined) {
    issues.push(makeIssue('profile.best-interest-summary-required', `${at}.extension`));
    return undefined;
  }
  const recorded = readProvenance(consent, at, issues);
  if (recorded === undefined) return undefined;
  const item = {
    basis: basis.value,
    state: purpose.state,
    bestInterestSummary,
    removalSummary: annotationText(extensions.get(raflagUrl.consentRemoveSummary), issues),
    recorded,
    sharing: provision === undefined ? { permit: [], deny: [] } : readSharing(provision, `${at}.provision`, issues),
    id: consent['id'],
  };
  return checkedItem(consentSchema, item, 'consent', at, issues);
}
