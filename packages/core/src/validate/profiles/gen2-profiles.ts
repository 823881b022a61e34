import { FLAG_DETAIL_EXTENSION, gen2Profile } from '../../canonical.js';
import { codeSystem, valueSet } from '../../terminology/index.js';
import { isFilledObject, itemsOf } from '../json-read.js';
import { checkAdjustmentCode } from './adjustment-code.js';
import {
  checkCategories,
  gen2ConditionCategorySlice,
  gen2PatientFlagSlice,
  gen2ProgrammeSlice,
} from './category-slices.js';
import { checkConcept } from './coded.js';
import { checkConditionCode } from './condition-code.js';
import {
  checkAtMostOne,
  checkConsentPurpose,
  checkStatusAgreesWithPurpose,
  requireElement,
} from './consent-rules.js';
import { checkProvenanceCount } from './contained-provenance.js';
import type { ProfileDef } from './profile-def.js';
import { checkProvenanceAgents } from './provenance-flag-profile.js';
import { checkReferenceType } from './reference-type.js';

/*
 * The ra-sandbox profiles of 2024 (domain.md §2.2). raflag reads them and maps them to the current
 * model, never emits them, so they are checked as written: their own code systems, their own
 * extension urls, and their 1..* category slices.
 */

const toPatientFlagCategory = (...systems: string[]): ReadonlyMap<string, string> =>
  new Map(systems.map((s) => [s, codeSystem.patientFlagCategory]));

export const gen2PatientFlagProfile: ProfileDef = {
  url: gen2Profile.patientFlag,
  name: 'PatientFlag',
  resourceType: 'Flag',
  role: 'patient-flag',
  generation: 2,
  check(resource, path, report) {
    checkConcept(
      resource.code,
      `${path}.code`,
      {
        valueSet: valueSet.patientFlagCategory,
        strength: 'required',
        foreign: toPatientFlagCategory(codeSystem.flagCategoryPatient, codeSystem.stu3FlagCategory),
      },
      report,
    );
    for (const { value, index } of itemsOf(resource.extension)) {
      if (value.url !== FLAG_DETAIL_EXTENSION) continue;
      const at = `${path}.extension[${index}].value.ofType(Reference)`;
      checkReferenceType(value.valueReference, at, ['Flag', 'Consent', 'Condition', 'Provenance'], 'PatientFlag', report);
    }
    checkProvenanceCount(resource, path, 'PatientFlag', report);
  },
};

export const gen2ProgrammeFlagProfile: ProfileDef = {
  url: gen2Profile.programmeFlag,
  name: 'ProgrammeFlag',
  resourceType: 'Flag',
  role: 'adjustment',
  generation: 2,
  check(resource, path, report) {
    const [, programme = []] = checkCategories(
      resource,
      path,
      { slices: [gen2PatientFlagSlice, gen2ProgrammeSlice], required: true, repeatable: true, profileName: 'ProgrammeFlag' },
      report,
    );
    checkAdjustmentCode(resource, path, programme, 'ProgrammeFlag', report);
    checkProvenanceCount(resource, path, 'ProgrammeFlag', report);
  },
};

export const gen2ConditionProfile: ProfileDef = {
  url: gen2Profile.condition,
  name: 'FlagCondition',
  resourceType: 'Condition',
  role: 'condition',
  generation: 2,
  check(resource, path, report) {
    checkCategories(
      resource,
      path,
      {
        slices: [gen2PatientFlagSlice, gen2ConditionCategorySlice],
        required: true,
        repeatable: true,
        profileName: 'FlagCondition',
      },
      report,
    );
    checkConditionCode(
      resource,
      path,
      {
        valueSet: valueSet.flagConditionCode,
        strength: 'extensible',
        foreign: new Map([
          [codeSystem.conditionCodeRA, codeSystem.raConditionCode],
          [codeSystem.stu3ConditionCode, codeSystem.raConditionCode],
        ]),
      },
      'FlagCondition',
      report,
    );
    checkProvenanceCount(resource, path, 'FlagCondition', report);
  },
};

export const gen2ConsentProfile: ProfileDef = {
  url: gen2Profile.consent,
  name: 'FlagConsent',
  resourceType: 'Consent',
  role: 'consent',
  generation: 2,
  check(resource, path, report) {
    const name = 'FlagConsent';
    for (const { value, index } of itemsOf(resource.category)) {
      checkConcept(
        value,
        `${path}.category[${index}]`,
        { valueSet: valueSet.patientFlagCategory, strength: 'extensible', foreign: toPatientFlagCategory(codeSystem.flagCategoryPatient) },
        report,
      );
    }
    // With neither policy nor policyRule, R4's ppc-1 already reports the gap.
    const neither = resource.policy === undefined && resource.policyRule === undefined;
    const policy = neither ? undefined : requireElement(resource, 'policy', path, 'policy', name, report);
    checkAtMostOne(policy, `${path}.policy`, 'policy', name, report);
    const firstPolicy: unknown = Array.isArray(policy) ? policy[0] : undefined;
    if (isFilledObject(firstPolicy)) requireElement(firstPolicy, 'uri', `${path}.policy[0]`, 'policy.uri', name, report);
    const policyRule = neither ? undefined : requireElement(resource, 'policyRule', path, 'policyRule', name, report);
    checkConcept(
      policyRule,
      `${path}.policyRule`,
      {
        valueSet: valueSet.flagProxyRole,
        strength: 'extensible',
        foreign: new Map([[codeSystem.stu3ProxyRole, codeSystem.flagProxyRole]]),
      },
      report,
    );
    checkAtMostOne(resource.performer, `${path}.performer`, 'performer', name, report);
    for (const { value, index } of itemsOf(resource.performer)) {
      checkReferenceType(value, `${path}.performer[${index}]`, ['Organization', 'Patient', 'Practitioner'], name, report);
    }
    const purpose = checkConsentPurpose(
      resource,
      path,
      {
        valueSet: valueSet.flagConsentPurpose,
        strength: 'extensible',
        foreign: new Map([[codeSystem.stu3ConsentPurpose, codeSystem.raConsentPurpose]]),
      },
      name,
      report,
    );
    // The ra-sandbox examples keep refused and withdrawn consents active (domain.md §7 item 22):
    // raflag reads them, so this is only a warning here; RA-Consent makes it an error.
    if (purpose) checkStatusAgreesWithPurpose(resource, path, purpose, report, 'warning');
    checkProvenanceCount(resource, path, name, report);
  },
};

export const gen2ProvenanceProfile: ProfileDef = {
  url: gen2Profile.provenance,
  name: 'FlagProvenance',
  resourceType: 'Provenance',
  role: 'provenance',
  generation: 2,
  check(resource, path, report) {
    const name = 'FlagProvenance';
    for (const { value, index } of itemsOf(resource.target)) {
      checkReferenceType(value, `${path}.target[${index}]`, ['Condition', 'Consent', 'Flag'], name, report);
    }
    checkProvenanceAgents(resource, path, name, report);
    for (const { value: agent, index } of itemsOf(resource.agent)) {
      for (const { value: role, index: r } of itemsOf(agent.role)) {
        checkConcept(role, `${path}.agent[${index}].role[${r}]`, { valueSet: valueSet.flagProvenanceRole, strength: 'extensible' }, report);
      }
    }
  },
};
