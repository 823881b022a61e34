import { describe, expect, it } from 'vitest';
import bundle06 from '../../__fixtures__/national/06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json' with { type: 'json' };
import dissent from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConsentExampleDissent.json' with { type: 'json' };
import flagExample2 from '../../__fixtures__/national/extra/r4-ra-sandbox-RAFlagExample2.json' with { type: 'json' };
import { codeSystem } from '../../terminology/index.js';
import { clone } from '../test-support/issues.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import {
  gen2ConditionProfile,
  gen2ConsentProfile,
  gen2PatientFlagProfile,
  gen2ProgrammeFlagProfile,
  gen2ProvenanceProfile,
} from './gen2-profiles.js';
import type { ProfileDef } from './profile-def.js';

type Json = Record<string, unknown>;
const from06 = (index: number): Json => clone(bundle06.entry[index]?.resource ?? {}) as Json;
const consent = (): Json => from06(1);
const condition = (): Json => from06(2);
const patientFlag = (): Json => from06(3);
const programmeFlag = (): Json => from06(4);
const provenance = (): Json => (from06(3).contained as Json[])[0] ?? {};

describe('Gen 2 ra-sandbox profiles', () => {
  it.each<[string, ProfileDef, () => Json]>([
    ['FlagConsent', gen2ConsentProfile, consent],
    ['FlagCondition', gen2ConditionProfile, condition],
    ['PatientFlag', gen2PatientFlagProfile, patientFlag],
    ['ProgrammeFlag (https SNOMED is the scan\'s to report)', gen2ProgrammeFlagProfile, programmeFlag],
    ['FlagProvenance', gen2ProvenanceProfile, provenance],
  ])('accept the national example %s', (_name, profile, resource) => {
    expect(runProfile(profile, resource())).toEqual([]);
  });

  it.each<[string, ProfileDef, () => Json, (r: Json) => void, string, string, string]>([
    ['PatientFlag: a Gen 3 flag-type slug', gen2PatientFlagProfile, patientFlag, (r) => setAt(r, 'code.coding[0]', { system: codeSystem.flagCategoryPatient, code: 'national-reasonable-adjustment-flag' }), 'profile.code-wrong-system', 'Flag.code.coding[0].system', 'error'],
    ['PatientFlag: flag-detail naming a Patient', gen2PatientFlagProfile, patientFlag, (r) => setAt(r, 'extension[1].valueReference', { reference: 'Patient/PatientExample1' }), 'profile.reference-target', 'Flag.extension[1].value.ofType(Reference)', 'error'],
    ['ProgrammeFlag: no adjustment category', gen2ProgrammeFlagProfile, programmeFlag, (r) => removeAt(r, 'category[1]'), 'profile.category-missing', 'Flag.category', 'error'],
    ['ProgrammeFlag: category 012', gen2ProgrammeFlagProfile, programmeFlag, (r) => setAt(r, 'category[1].coding[0].code', '012'), 'profile.code-not-in-valueset', 'Flag.category[1].coding[0].code', 'error'],
    ['ProgrammeFlag: a Gen 3 category slug', gen2ProgrammeFlagProfile, programmeFlag, (r) => setAt(r, 'category[1].coding[0]', { system: codeSystem.flagCategoryRA, code: 'communication-support' }), 'profile.code-wrong-system', 'Flag.category[1].coding[0].system', 'error'],
    ['FlagCondition: no condition category', gen2ConditionProfile, condition, (r) => removeAt(r, 'category[1]'), 'profile.category-missing', 'Condition.category', 'error'],
    ['FlagCondition: impairment 11, which never existed', gen2ConditionProfile, condition, (r) => setAt(r, 'code.coding[0].code', '11'), 'terminology.unknown-code', 'Condition.code.coding[0].code', 'error'],
    ['FlagConsent: no policyRule', gen2ConsentProfile, consent, (r) => removeAt(r, 'policyRule'), 'profile.element-missing', 'Consent.policyRule', 'error'],
    ['FlagConsent: a proxy role the code system lacks', gen2ConsentProfile, consent, (r) => setAt(r, 'policyRule.coding[0].code', '005'), 'terminology.unknown-code', 'Consent.policyRule.coding[0].code', 'error'],
    ['FlagConsent: no policy', gen2ConsentProfile, consent, (r) => removeAt(r, 'policy'), 'profile.element-missing', 'Consent.policy', 'error'],
    ['FlagConsent: a policy without uri', gen2ConsentProfile, consent, (r) => removeAt(r, 'policy[0].uri'), 'profile.element-missing', 'Consent.policy[0].uri', 'error'],
    ['FlagConsent: no provision', gen2ConsentProfile, consent, (r) => removeAt(r, 'provision'), 'profile.element-missing', 'Consent.provision.purpose', 'error'],
    ['FlagConsent: two purposes', gen2ConsentProfile, consent, (r) => (((r.provision as Json).purpose as unknown[]).push({ system: codeSystem.raConsentPurpose, code: 'RACONSENT' })), 'profile.too-many', 'Consent.provision.purpose[1]', 'error'],
    ['FlagConsent: an inactive given consent', gen2ConsentProfile, consent, (r) => setAt(r, 'status', 'inactive'), 'profile.consent-status-purpose', 'Consent.status', 'warning'],
    ['FlagConsent: a performer that is a Device', gen2ConsentProfile, consent, (r) => setAt(r, 'performer', [{ reference: 'Device/1' }]), 'profile.reference-target', 'Consent.performer[0]', 'error'],
    ['FlagProvenance: a role outside the national role list', gen2ProvenanceProfile, provenance, (r) => setAt(r, 'agent[0].role[0].coding[0]', { system: 'http://example.org/roles', code: 'x' }), 'profile.code-not-in-extensible-valueset', 'Provenance.agent[0].role[0]', 'warning'],
    ['FlagProvenance: a target that is a Patient', gen2ProvenanceProfile, provenance, (r) => setAt(r, 'target[0]', { reference: 'Patient/PatientExample1' }), 'profile.reference-target', 'Provenance.target[0]', 'error'],
  ])('%s', (_name, profile, resource, edit, id, expression, severity) => {
    const r = resource();
    edit(r);
    expect(runProfile(profile, r)).toEqual([[id, expression, severity]]);
  });

  it('only warns that a Gen 2 dissent keeps status active (gotcha 22)', () => {
    expect(runProfile(gen2ConsentProfile, clone(dissent))).toEqual([['profile.consent-status-purpose', 'Consent.status', 'warning']]);
  });

  it('reports the national bespoke example whose code is not the bespoke adjustment', () => {
    expect(runProfile(gen2ProgrammeFlagProfile, clone(flagExample2))).toEqual([
      ['profile.code-not-for-category', 'Flag.code.coding[0].code', 'error'],
    ]);
  });
});
