import { gen3Profile } from '../../canonical.js';
import { checkAdjustmentCode } from './adjustment-code.js';
import { checkCategories, gen3PatientFlagSlice, gen3ProgrammeSlice, type CategoryRules } from './category-slices.js';
import { checkProvenanceCount } from './contained-provenance.js';
import { checkNotesExtensionUrl } from './flag-notes.js';
import type { ProfileDef } from './profile-def.js';

const name = 'England-Flag-PatientFlag-Adjustment';

const categoryRules: CategoryRules = {
  slices: [gen3PatientFlagSlice, gen3ProgrammeSlice],
  required: true,
  repeatable: false,
  profileName: name,
};

/**
 * Gen 3 England-Flag-PatientFlag-Adjustment: one adjustment, filed under exactly one flag type
 * (England-FlagCategoryPatient) and exactly one adjustment category (England-FlagCategoryRA), with
 * a SNOMED CT code from that category's national list.
 */
export const gen3AdjustmentProfile: ProfileDef = {
  url: gen3Profile.adjustment,
  name,
  resourceType: 'Flag',
  role: 'adjustment',
  generation: 3,
  check(resource, path, report) {
    const programme = checkCategories(resource, path, categoryRules, report)[1] ?? [];
    checkAdjustmentCode(resource, path, programme, name, report);
    checkNotesExtensionUrl(resource, path, report);
    checkProvenanceCount(resource, path, name, report);
  },
};
