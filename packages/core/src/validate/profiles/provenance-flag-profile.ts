import { gen3Profile } from '../../canonical.js';
import { isObject, type JsonObject } from '../json-read.js';
import type { Sightings } from '../sightings.js';
import type { ProfileDef } from './profile-def.js';
import type { Report } from './profile-report.js';
import { disallowedType, reportDisallowedType } from './reference-type.js';

const WHO: readonly string[] = ['Practitioner'];
const ON_BEHALF_OF: readonly string[] = ['Organization'];

/** Who recorded the entry is a Practitioner, on behalf of an Organization (both generations). */
export function checkProvenanceAgents(
  resource: JsonObject,
  path: string,
  profileName: string,
  report: Report,
  seen?: Sightings,
): void {
  const agents = resource.agent;
  if (!Array.isArray(agents)) return;
  for (let index = 0; index < agents.length; index++) {
    const agent: unknown = agents[index];
    if (!isObject(agent)) continue;
    // Every Provenance of a record has agents, so their paths are only written out for a report.
    const who = disallowedType(agent.who, WHO, seen);
    if (who !== undefined) reportDisallowedType(report, `${path}.agent[${index}].who`, who, WHO, profileName);
    const onBehalfOf = disallowedType(agent.onBehalfOf, ON_BEHALF_OF, seen);
    if (onBehalfOf !== undefined) {
      reportDisallowedType(report, `${path}.agent[${index}].onBehalfOf`, onBehalfOf, ON_BEHALF_OF, profileName);
    }
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
  check(resource, path, report, seen) {
    checkProvenanceAgents(resource, path, name, report, seen);
  },
};
