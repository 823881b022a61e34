import { describe, expect, it } from 'vitest';
import { raflagUrl } from '../../canonical.js';
import { codeSystem } from '../../terminology/index.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import { entry, validResource } from '../test-support/valid-bundle.js';
import { raConsentProfile } from './ra-consent-profile.js';

type Edit = (consent: Record<string, unknown>) => void;

const bestInterest: Edit = (c) => setAt(c, 'policyRule.coding[0]', { system: codeSystem.flagProxyRole, code: '002' });
const withdrawn: Edit = (c) => {
  setAt(c, 'provision.purpose[0]', { system: codeSystem.raConsentPurpose, code: 'RAREVOKED' });
  setAt(c, 'status', 'inactive');
};
const summary = (text: string) => ({ url: raflagUrl.consentCreateSummary, valueAnnotation: { text } });

describe('RA-Consent', () => {
  it('accepts the consent raflag writes', () => {
    expect(runProfile(raConsentProfile, validResource(entry.consent))).toEqual([]);
  });

  it.each<[string, Edit, string, string, string]>([
    ['no policyRule beside a policy', (c) => { removeAt(c, 'policyRule'); c.policy = [{ uri: 'https://example.org/policy' }]; }, 'profile.element-missing', 'Consent.policyRule', 'error'],
    ['a proxy role outside FlagProxyRole', (c) => setAt(c, 'policyRule.coding[0].code', '005'), 'profile.code-not-in-valueset', 'Consent.policyRule.coding[0].code', 'error'],
    ['the STU3 proxy-role system', (c) => setAt(c, 'policyRule.coding[0].system', codeSystem.stu3ProxyRole), 'profile.code-wrong-system', 'Consent.policyRule.coding[0].system', 'error'],
    ['no purpose', (c) => removeAt(c, 'provision.purpose'), 'profile.element-missing', 'Consent.provision.purpose', 'error'],
    ['no provision at all', (c) => removeAt(c, 'provision'), 'profile.element-missing', 'Consent.provision.purpose', 'error'],
    ['a purpose outside the value set', (c) => setAt(c, 'provision.purpose[0].code', 'RAMAYBE'), 'profile.code-not-in-valueset', 'Consent.provision.purpose[0].code', 'error'],
    ['a withdrawn consent left active', (c) => { withdrawn(c); setAt(c, 'status', 'active'); }, 'profile.consent-status-purpose', 'Consent.status', 'error'],
    ['a given consent marked inactive', (c) => setAt(c, 'status', 'inactive'), 'profile.consent-status-purpose', 'Consent.status', 'error'],
    ['a best-interest decision without summary', bestInterest, 'profile.best-interest-summary-required', `Consent.extension('${raflagUrl.consentCreateSummary}')`, 'error'],
    ['a best-interest decision with an empty summary', (c) => { bestInterest(c); c.extension = [summary(' ')]; }, 'profile.best-interest-summary-required', `Consent.extension('${raflagUrl.consentCreateSummary}')`, 'error'],
    ['no flag-type category', (c) => setAt(c, 'category', [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }]), 'profile.category-missing', 'Consent.category', 'error'],
    ['a sharing provision without type', (c) => removeAt(c, 'provision.provision[0].type'), 'profile.element-missing', 'Consent.provision.provision[0].type', 'error'],
    ['a sharing provision naming nobody', (c) => removeAt(c, 'provision.provision[0].actor'), 'profile.element-missing', 'Consent.provision.provision[0].actor', 'error'],
    ['a sharing partner by a reference, not an ODS code', (c) => setAt(c, 'provision.provision[0].actor[0].reference', { reference: 'Organization/1' }), 'profile.sharing-partner', 'Consent.provision.provision[0].actor[0].reference', 'error'],
    ['two contained Provenances', (c) => (c.contained as unknown[]).push({ resourceType: 'Provenance', id: 'p2' }), 'profile.too-many', 'Consent.contained[1]', 'error'],
  ])('reports %s once', (_name, edit, id, expression, severity) => {
    const consent = validResource(entry.consent);
    edit(consent);
    expect(runProfile(raConsentProfile, consent)).toEqual([[id, expression, severity]]);
  });

  it.each<[string, Edit]>([
    ['a best-interest decision with its summary', (c) => { bestInterest(c); c.extension = [summary('Assessed on 3 March; lacks capacity for this decision.')]; }],
    ['a withdrawn consent, inactive', withdrawn],
    ['a refused consent, inactive', (c) => { setAt(c, 'provision.purpose[0]', { system: codeSystem.raConsentPurpose, code: 'RADISSENT' }); setAt(c, 'status', 'inactive'); }],
    ['an entered-in-error consent whatever its purpose', (c) => setAt(c, 'status', 'entered-in-error')],
    ['no sharing provisions (nobody named yet)', (c) => removeAt(c, 'provision.provision')],
    ['no category (the base rules report it)', (c) => removeAt(c, 'category')],
    ['no policyRule and no policy (R4 ppc-1 reports it)', (c) => removeAt(c, 'policyRule')],
    ['an empty provision (base.empty)', (c) => setAt(c, 'provision', {})],
  ])('accepts %s', (_name, edit) => {
    const consent = validResource(entry.consent);
    edit(consent);
    expect(runProfile(raConsentProfile, consent)).toEqual([]);
  });
});
