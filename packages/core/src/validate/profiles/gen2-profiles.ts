import { FLAG_DETAIL_EXTENSION, gen2Profile, SNOMED } from '../../canonical.js';
import { codeSystem, valueSet } from '../../terminology/index.js';
import { isFilledObject, itemsOf } from '../json-read.js';
import { checkAdjustmentCode } from './adjustment-code.js';
import {
  checkCategories,
  gen2ConditionCategorySlice,
  gen2PatientFlagSlice,
  gen2ProgrammeSlice,
  type CategoryRules,
} from './category-slices.js';
import { checkConcept, type Binding } from './coded.js';
import { checkConditionCode } from './condition-code.js';
import { checkAtMostOne, requireElement } from './cardinality.js';
import { checkConsentPurpose, checkStatusAgreesWithPurpose } from './consent-rules.js';
import { checkProvenanceCount } from './contained-provenance.js';
import type { ProfileDef } from './profile-def.js';
import { checkProvenanceAgents } from './provenance-flag-profile.js';
import { checkReferenceType } from './reference-type.js';

/*
 * The ra-sandbox profiles of 2024 (domain.md §2.2). raflag reads them and maps them to the current
 * model, never emits them, so they are checked as written: their own code systems, their own
 * extension urls, and their 1..* category slices.
 */

const flagType = (strength: Binding['strength']): Binding => ({
  valueSet: valueSet.patientFlagCategory,
  strength,
  foreign: new Map([
    [codeSystem.flagCategoryPatient, codeSystem.patientFlagCategory],
    [codeSystem.stu3FlagCategory, codeSystem.patientFlagCategory],
  ]),
});
const requiredFlagType = flagType('required');
const extensibleFlagType = flagType('extensible');

const FLAG_DETAIL_TARGETS = ['Flag', 'Consent', 'Condition', 'Provenance'];

export const gen2PatientFlagProfile: ProfileDef = {
  url: gen2Profile.patientFlag,
  name: 'PatientFlag',
  resourceType: 'Flag',
  role: 'patient-flag',
  generation: 2,
  check(resource, path, report) {
    checkConcept(resource.code, `${path}.code`, requiredFlagType, report);
    for (const { value, index } of itemsOf(resource.extension)) {
      if (value.url !== FLAG_DETAIL_EXTENSION) continue;
      const at = `${path}.extension[${index}].value.ofType(Reference)`;
      checkReferenceType(value.valueReference, at, FLAG_DETAIL_TARGETS, 'PatientFlag', report);
    }
    checkProvenanceCount(resource, path, 'PatientFlag', report);
  },
};

const programmeCategories: CategoryRules = {
  slices: [gen2PatientFlagSlice, gen2ProgrammeSlice],
  required: true,
  repeatable: true,
  profileName: 'ProgrammeFlag',
};

export const gen2ProgrammeFlagProfile: ProfileDef = {
  url: gen2Profile.programmeFlag,
  name: 'ProgrammeFlag',
  resourceType: 'Flag',
  role: 'adjustment',
  generation: 2,
  check(resource, path, report) {
    const programme = checkCategories(resource, path, programmeCategories, report)[1] ?? [];
    checkAdjustmentCode(resource, path, programme, 'ProgrammeFlag', report);
    checkProvenanceCount(resource, path, 'ProgrammeFlag', report);
  },
};

const conditionCategories: CategoryRules = {
  slices: [gen2PatientFlagSlice, gen2ConditionCategorySlice],
  required: true,
  repeatable: true,
  profileName: 'FlagCondition',
};

const conditionCode: Binding = {
  valueSet: valueSet.flagConditionCode,
  strength: 'extensible',
  alsoAllowed: [SNOMED],
  foreign: new Map([
    [codeSystem.conditionCodeRA, codeSystem.raConditionCode],
    [codeSystem.stu3ConditionCode, codeSystem.raConditionCode],
  ]),
};

export const gen2ConditionProfile: ProfileDef = {
  url: gen2Profile.condition,
  name: 'FlagCondition',
  resourceType: 'Condition',
  role: 'condition',
  generation: 2,
  check(resource, path, report) {
    checkCategories(resource, path, conditionCategories, report);
    checkConditionCode(resource, path, conditionCode, 'FlagCondition', report);
    checkProvenanceCount(resource, path, 'FlagCondition', report);
  },
};

const proxyRole: Binding = {
  valueSet: valueSet.flagProxyRole,
  strength: 'extensible',
  foreign: new Map([[codeSystem.stu3ProxyRole, codeSystem.flagProxyRole]]),
};

const consentPurpose: Binding = {
  valueSet: valueSet.flagConsentPurpose,
  strength: 'extensible',
  foreign: new Map([[codeSystem.stu3ConsentPurpose, codeSystem.raConsentPurpose]]),
};

const PERFORMER_TARGETS = ['Organization', 'Patient', 'Practitioner'];

export const gen2ConsentProfile: ProfileDef = {
  url: gen2Profile.consent,
  name: 'FlagConsent',
  resourceType: 'Consent',
  role: 'consent',
  generation: 2,
  check(resource, path, report) {
    const name = 'FlagConsent';
    for (const { value, index } of itemsOf(resource.category)) {
      checkConcept(value, `${path}.category[${index}]`, extensibleFlagType, report);
    }
    // With neither policy nor policyRule, R4's ppc-1 already reports the gap.
    const neither = resource.policy === undefined && resource.policyRule === undefined;
    const policy = neither ? undefined : requireElement(resource, 'policy', path, 'policy', name, report);
    checkAtMostOne(policy, `${path}.policy`, 'policy', name, report);
    const firstPolicy: unknown = Array.isArray(policy) ? policy[0] : undefined;
    if (isFilledObject(firstPolicy)) requireElement(firstPolicy, 'uri', `${path}.policy[0]`, 'policy.uri', name, report);
    const policyRule = neither ? undefined : requireElement(resource, 'policyRule', path, 'policyRule', name, report);
    checkConcept(policyRule, `${path}.policyRule`, proxyRole, report);
    checkAtMostOne(resource.performer, `${path}.performer`, 'performer', name, report);
    for (const { value, index } of itemsOf(resource.performer)) {
      checkReferenceType(value, `${path}.performer[${index}]`, PERFORMER_TARGETS, name, report);
    }
    const purpose = checkConsentPurpose(resource, path, consentPurpose, name, report);
    // The ra-sandbox examples keep refused and withdrawn consents active (domain.md §7 item 22):
    // raflag reads them, so this is only a warning here; RA-Consent makes it an error.
    if (purpose) checkStatusAgreesWithPurpose(resource, path, purpose, report, 'warning');
    checkProvenanceCount(resource, path, name, report);
  },
};

const provenanceRole: Binding = { valueSet: valueSet.flagProvenanceRole, strength: 'extensible' };
const PROVENANCE_TARGETS = ['Condition', 'Consent', 'Flag'];

export const gen2ProvenanceProfile: ProfileDef = {
  url: gen2Profile.provenance,
  name: 'FlagProvenance',
  resourceType: 'Provenance',
  role: 'provenance',
  generation: 2,
  check(resource, path, report, seen) {
    const name = 'FlagProvenance';
    for (const { value, index } of itemsOf(resource.target)) {
      checkReferenceType(value, `${path}.target[${index}]`, PROVENANCE_TARGETS, name, report, seen);
    }
    checkProvenanceAgents(resource, path, name, report, seen);
    for (const { value: agent, index } of itemsOf(resource.agent)) {
      for (const { value: role, index: r } of itemsOf(agent.role)) {
        checkConcept(role, `${path}.agent[${index}].role[${r}]`, provenanceRole, report);
      }
    }
  },
};
