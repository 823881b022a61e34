import { gen3Profile } from '../../canonical.js';
import { codeSystem, valueSet } from '../../terminology/index.js';
import { checkConcept, type Binding } from './coded.js';
import { checkProvenanceCount } from './contained-provenance.js';
import { checkNotesExtensionUrl } from './flag-notes.js';
import type { ProfileDef } from './profile-def.js';

const name = 'England-Flag-PatientFlag';

const flagType: Binding = {
  valueSet: valueSet.englandFlagCategoryPatient,
  strength: 'required',
  foreign: new Map([
    [codeSystem.patientFlagCategory, codeSystem.flagCategoryPatient],
    [codeSystem.stu3FlagCategory, codeSystem.flagCategoryPatient],
  ]),
};

/**
 * Gen 3 England-Flag-PatientFlag: one per patient per flag type, the flag type in `code`
 * (domain.md §7 item 4). The national profile binds nothing, but the flag type can only come from
 * England-FlagCategoryPatient, so raflag holds `code` to it as a required binding.
 */
export const gen3PatientFlagProfile: ProfileDef = {
  url: gen3Profile.patientFlag,
  name,
  resourceType: 'Flag',
  role: 'patient-flag',
  generation: 3,
  check(resource, path, report) {
    checkConcept(resource.code, `${path}.code`, flagType, report);
    checkNotesExtensionUrl(resource, path, report);
    checkProvenanceCount(resource, path, name, report);
  },
};
