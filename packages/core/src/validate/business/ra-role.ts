import type { ProfileRole } from '../profiles/profile-def.js';
import { chooseProfiles } from '../profiles/which-profile.js';
import type { Sightings } from '../sightings.js';
import { patientKey, type EntryAt } from './bundle-entries.js';

/** An entry with what it is in the RA record and whom it is about, worked out once for all the rules. */
export interface RaEntry extends EntryAt {
  readonly raRole: ProfileRole | undefined;
  /** The element that says who the resource is about. */
  readonly subjectElement: 'subject' | 'patient';
  /** Who it is about (see `patientKey`), for RA resources other than Provenance; else undefined. */
  readonly subjectKey: string | undefined;
}

/**
 * What an entry is in a reasonable-adjustment record, by the same reading the profile rules use
 * (a claimed RA profile, else RA content); undefined for anything else.
 */
export function raRoleOf(entry: EntryAt): ProfileRole | undefined {
  const { resource, resourceType, path } = entry;
  return chooseProfiles({ resource, resourceType, path, role: path === resourceType ? 'top' : 'entry' }).apply[0]?.role;
}

export function withRaRoles(entries: readonly EntryAt[], seen?: Sightings): RaEntry[] {
  const out: RaEntry[] = [];
  for (const e of entries) {
    const raRole = raRoleOf(e);
    const subjectElement = e.resourceType === 'Consent' ? 'patient' : 'subject';
    const about = raRole !== undefined && raRole !== 'provenance';
    out.push({
      resource: e.resource,
      resourceType: e.resourceType,
      id: e.id,
      fullUrl: e.fullUrl,
      path: e.path,
      key: e.key,
      raRole,
      subjectElement,
      subjectKey: about ? patientKey(e.resource[subjectElement], entries, seen) : undefined,
    });
  }
  return out;
}
