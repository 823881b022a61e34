import { gen3Profile, SNOMED } from '../../canonical.js';
import { codeSystem, valueSet } from '../../terminology/index.js';
import { checkCategories, gen3ConditionCategorySlice, gen3PatientFlagSlice, type CategoryRules } from './category-slices.js';
import type { Binding } from './coded.js';
import { checkConditionCode } from './condition-code.js';
import { checkProvenanceCount } from './contained-provenance.js';
import type { ProfileDef } from './profile-def.js';

const name = 'England-Condition-Flag';
const MAX_CATEGORIES = 2;

const conditionCode: Binding = {
  valueSet: valueSet.englandFlagConditionCode,
  strength: 'extensible',
  alsoAllowed: [SNOMED],
  foreign: new Map([
    [codeSystem.raConditionCode, codeSystem.conditionCodeRA],
    [codeSystem.stu3ConditionCode, codeSystem.conditionCodeRA],
  ]),
};

const categoryRules: CategoryRules = {
  slices: [gen3PatientFlagSlice, gen3ConditionCategorySlice],
  required: false,
  repeatable: false,
  max: MAX_CATEGORIES,
  profileName: name,
};

/**
 * Gen 3 England-Condition-Flag: an impairment (England-ConditionCodeRA) or an underlying condition
 * (SNOMED CT), with at most two categories: the flag type and the condition category.
 */
export const gen3ConditionProfile: ProfileDef = {
  url: gen3Profile.condition,
  name,
  resourceType: 'Condition',
  role: 'condition',
  generation: 3,
  check(resource, path, report) {
    checkCategories(resource, path, categoryRules, report);
    checkConditionCode(resource, path, conditionCode, name, report);
    checkProvenanceCount(resource, path, name, report);
  },
};
