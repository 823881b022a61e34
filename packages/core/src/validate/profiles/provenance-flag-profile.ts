import { gen3Profile } from '../../canonical.js';
import { itemsOf, type JsonObject } from '../json-read.js';
import type { ProfileDef } from './profile-def.js';
import type { Report } from './profile-report.js';
import { checkReferenceType } from './reference-type.js';

/** Who recorded the entry is a Practitioner, on behalf of an Organization (both generations). */
export function checkProvenanceAgents(resource: JsonObject, path: string, profileName: string, report: Report): void {
  for (const { value: agent, index } of itemsOf(resource.agent)) {
    const at = `${path}.agent[${index}]`;
    checkReferenceType(agent.who, `${at}.who`, ['Practitioner'], profileName, report);
    checkReferenceType(agent.onBehalfOf, `${at}.onBehalfOf`, ['Organization'], profileName, report);
  }
}

const name = 'England-Provenance-Flag';

/**
 * Gen 3 England-Provenance-Flag, contained in each flag resource. Its target (`#`) is a business
 * rule (`business.provenance-target`); the role value set is not bound by the national profile.
 */
export const gen3ProvenanceProfile: ProfileDef = {
  url: gen3Profile.provenance,
  name,
  resourceType: 'Provenance',
  role: 'provenance',
  generation: 3,
  check(resource, path, report) {
    checkProvenanceAgents(resource, path, name, report);
  },
};
