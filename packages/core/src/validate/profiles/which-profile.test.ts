import { describe, expect, it } from 'vitest';
import { gen2Profile, gen3Profile, raflagUrl } from '../../canonical.js';
import { codeSystem } from '../../terminology/index.js';
import type { JsonObject } from '../json-read.js';
import { resourcesIn } from '../resources-in.js';
import { chooseProfiles, raContentProfile } from './which-profile.js';

const coding = (system: string, code: string) => ({ coding: [{ system, code }] });
const nraf3 = coding(codeSystem.flagCategoryPatient, 'national-reasonable-adjustment-flag');
const nraf2 = coding(codeSystem.patientFlagCategory, 'NRAF');

describe('raContentProfile', () => {
  it.each<[string, string, JsonObject, string | undefined]>([
    ['a Gen 3 PatientFlag', 'Flag', { code: nraf3 }, gen3Profile.patientFlag],
    ['a Gen 2 PatientFlag', 'Flag', { code: nraf2 }, gen2Profile.patientFlag],
    ['a Gen 3 adjustment by its RA category', 'Flag', { category: [coding(codeSystem.flagCategoryRA, 'communication-support')] }, gen3Profile.adjustment],
    ['a Gen 3 adjustment by its flag type', 'Flag', { category: [nraf3] }, gen3Profile.adjustment],
    ['a Gen 2 adjustment', 'Flag', { category: [nraf2, coding(codeSystem.raFlagCategory, '001')] }, gen2Profile.programmeFlag],
    ['a Gen 3 condition by its category', 'Condition', { category: [coding(codeSystem.conditionCategoryRA, 'issue')] }, gen3Profile.condition],
    ['a Gen 3 condition by its impairment', 'Condition', { code: coding(codeSystem.conditionCodeRA, 'vision') }, gen3Profile.condition],
    ['a Gen 2 condition', 'Condition', { code: coding(codeSystem.raConditionCode, '1') }, gen2Profile.condition],
    ['a consent by its purpose', 'Consent', { provision: { purpose: [{ system: codeSystem.raConsentPurpose, code: 'RADISSENT' }] } }, raflagUrl.consentProfile],
    ['a consent by its proxy role', 'Consent', { policyRule: coding(codeSystem.flagProxyRole, '002') }, raflagUrl.consentProfile],
    ['a food-allergy flag', 'Flag', { category: [coding('http://terminology.hl7.org/CodeSystem/flag-category', 'clinical')], code: coding('http://snomed.info/sct', '91935009') }, undefined],
    ['an FGM PatientFlag (not reasonable-adjustment content)', 'Flag', { code: coding(codeSystem.flagCategoryPatient, 'female-genital-mutilation-flag') }, undefined],
    ['a condition with a generic "issue" category', 'Condition', { category: [coding(codeSystem.careConnectConditionCategory, 'issue')] }, undefined],
    ['a research consent', 'Consent', { provision: { purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' }] } }, undefined],
    ['a Patient', 'Patient', { identifier: [] }, undefined],
  ])('reads %s', (_name, type, resource, url) => {
    expect(raContentProfile(type, resource)?.url).toBe(url);
  });
});

describe('chooseProfiles', () => {
  const first = (payload: unknown) => resourcesIn(payload)[0];

  it('applies the claimed profile, not the one the content suggests', () => {
    const at = first({ resourceType: 'Flag', meta: { profile: [gen2Profile.patientFlag] }, code: nraf3 });
    expect(at && chooseProfiles(at).apply.map((p) => p.url)).toEqual([gen2Profile.patientFlag]);
  });

  it('reports unknown profiles and falls back to the content', () => {
    const at = first({ resourceType: 'Flag', meta: { profile: ['http://example.org/Flag'] }, code: nraf3 });
    const choice = at && chooseProfiles(at);
    expect(choice?.unknown).toEqual([{ url: 'http://example.org/Flag', expression: 'Flag.meta.profile[0]' }]);
    expect(choice?.apply.map((p) => p.url)).toEqual([gen3Profile.patientFlag]);
  });

  it('takes UK Core and core profiles as known, with the base rules only', () => {
    const at = first({ resourceType: 'Patient', meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', 'http://hl7.org/fhir/StructureDefinition/Patient'] } });
    expect(at && chooseProfiles(at)).toEqual({ apply: [], unknown: [], misapplied: [] });
  });

  it('still calls other core profiles unknown: they constrain more than base R4', () => {
    const at = first({ resourceType: 'Observation', meta: { profile: ['http://hl7.org/fhir/StructureDefinition/vitalsigns'] } });
    expect(at && chooseProfiles(at).unknown.map((u) => u.url)).toEqual(['http://hl7.org/fhir/StructureDefinition/vitalsigns']);
  });

  it('refuses a known profile on the wrong resource type', () => {
    const at = first({ resourceType: 'Condition', meta: { profile: [gen3Profile.patientFlag] } });
    const choice = at && chooseProfiles(at);
    expect(choice?.apply).toEqual([]);
    expect(choice?.misapplied.map((m) => [m.profile.url, m.expression])).toEqual([[gen3Profile.patientFlag, 'Condition.meta.profile[0]']]);
  });

  it('lets a forced profile replace claims and content', () => {
    const at = first({ resourceType: 'Flag', meta: { profile: [gen2Profile.patientFlag] }, code: nraf2 });
    expect(at && chooseProfiles(at, gen3Profile.adjustment).apply.map((p) => p.url)).toEqual([gen3Profile.adjustment]);
  });

  it('calls a forced UK Core profile unknown: raflag cannot check it', () => {
    const at = first({ resourceType: 'Patient' });
    expect(at && chooseProfiles(at, 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient').unknown).toEqual([
      { url: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', expression: 'Patient' },
    ]);
  });

  it('gives a contained Provenance the Provenance profile of its container\'s generation', () => {
    const [flag, provenance] = resourcesIn({ resourceType: 'Flag', code: nraf2, contained: [{ resourceType: 'Provenance' }] });
    const container = flag && chooseProfiles(flag).apply;
    expect(provenance && chooseProfiles(provenance, undefined, container).apply.map((p) => p.url)).toEqual([gen2Profile.provenance]);
    expect(provenance && chooseProfiles(provenance, undefined, []).apply).toEqual([]);
  });
});
