import { describe, expect, it } from 'vitest';
import { gen2Profile, raflagUrl } from '../canonical.js';
import { codeSystem } from '../terminology/index.js';
import { classify } from './classify.js';

const at = (resource: Record<string, unknown>) => ({ resource, type: String(resource['resourceType']), at: 'X', names: [] });
const cc = (system: string, code: string) => ({ coding: [{ system, code }] });

describe('classify', () => {
  it.each([
    [{ resourceType: 'Patient' }, 'patient'],
    [{ resourceType: 'Flag', code: cc(codeSystem.patientFlagCategory, 'NRAF') }, 'patient-flag'],
    [{ resourceType: 'Flag', code: cc(codeSystem.flagCategoryPatient, 'national-reasonable-adjustment-flag') }, 'patient-flag'],
    [{ resourceType: 'Flag', code: cc(codeSystem.flagCategoryPatient, 'female-genital-mutilation-flag') }, 'unrecognised'],
    [{ resourceType: 'Flag', category: [cc(codeSystem.patientFlagCategory, 'NRAF'), cc('urn:x', 'y')] }, 'adjustment'],
    [{ resourceType: 'Flag', category: [cc(codeSystem.raFlagCategory, '003')] }, 'adjustment'],
    [{ resourceType: 'Flag', meta: { profile: [gen2Profile.programmeFlag] } }, 'adjustment'],
    [{ resourceType: 'Flag', code: cc(raflagUrl.scrInformationCodeSystem, 'carer') }, 'scr-flag'],
    [{ resourceType: 'Flag', code: cc('http://snomed.info/sct', '1') }, 'unrecognised'],
    [{ resourceType: 'Condition', category: [cc(codeSystem.flagCategoryPatient, 'national-reasonable-adjustment-flag')] }, 'ra-condition'],
    [{ resourceType: 'Condition', category: [cc(raflagUrl.scrInformationCodeSystem, 'significant-medical-history')] }, 'scr-condition'],
    [{ resourceType: 'Condition', category: [cc('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item')] }, 'unrecognised'],
    [{ resourceType: 'Consent', meta: { profile: [raflagUrl.consentProfile] } }, 'consent'],
    [{ resourceType: 'Consent', policyRule: cc(codeSystem.flagProxyRole, '002') }, 'consent'],
    [{ resourceType: 'Consent', scope: cc('http://terminology.hl7.org/CodeSystem/consentscope', 'research') }, 'unrecognised'],
    [{ resourceType: 'Observation' }, 'unmapped'],
  ])('%j is %s', (resource, kind) => {
    expect(classify(at(resource))).toBe(kind);
  });
});
