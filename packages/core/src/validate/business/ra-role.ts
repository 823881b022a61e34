import type { ProfileRole } from '../profiles/profile-def.js';
import { chooseProfiles } from '../profiles/which-profile.js';
import type { EntryAt } from './bundle-entries.js';

/** An entry with what it is in the RA record, worked out once for all the rules. */
export interface RaEntry extends EntryAt {
  readonly raRole: ProfileRole | undefined;
}

/**
 * What an entry is in a reasonable-adjustment record, by the same reading the profile rules use
 * (a claimed RA profile, else RA content); undefined for anything else.
 */
export function raRoleOf(entry: EntryAt): ProfileRole | undefined {
  const { apply } = chooseProfiles({ ...entry, role: entry.path.startsWith('Bundle.') ? 'entry' : 'top' });
  return apply[0]?.role;
}

export function withRaRoles(entries: readonly EntryAt[]): RaEntry[] {
  return entries.map((entry) => ({ ...entry, raRole: raRoleOf(entry) }));
}

/** The element that says who an RA resource is about. */
export function subjectElementOf(entry: EntryAt): 'subject' | 'patient' {
  return entry.resourceType === 'Consent' ? 'patient' : 'subject';
}
