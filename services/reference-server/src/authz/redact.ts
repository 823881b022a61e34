import { flagTypeFrom } from '@raflag/core';
import type { Coding, Flag, Meta } from 'fhir/r4.js';
import type { AccessLevel } from './access-level.js';

const OBSERVATION_VALUE = 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue';

/** The tag FHIR uses for a deliberately incomplete resource (as `_summary`/`_elements` do). */
export const SUBSETTED_TAG: Coding = { system: OBSERVATION_VALUE, code: 'SUBSETTED', display: 'subsetted' };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const codingsOf = (concept: unknown): Record<string, unknown>[] =>
  isObject(concept) && Array.isArray(concept['coding']) ? concept['coding'].filter(isObject) : [];

/**
 * The one PatientFlag per person: a Flag coded `national-reasonable-adjustment-flag` (or the
 * Gen 2 `NRAF`). Adjustment Flags carry that type only as a category, so they are not this.
 */
export function isPatientFlag(resource: unknown): resource is Flag {
  if (!isObject(resource) || resource['resourceType'] !== 'Flag') return false;
  return codingsOf(resource['code']).some((c) => {
    const { system, code } = c;
    return typeof system === 'string' && typeof code === 'string' && flagTypeFrom(system, code) === 'national-reasonable-adjustment-flag';
  });
}

// Kept at existence level: enough to say "this person has a reasonable-adjustment flag", nothing more.
const EXISTENCE_ELEMENTS = ['resourceType', 'id', 'status', 'category', 'code', 'subject', 'period'] as const;

/**
 * The existence-only view of a PatientFlag (security.md 3.4, checklist C6) for B0264 holders:
 * no extensions (they name the adjustments), no notes, no contained Provenance (it names staff).
 * Tagged SUBSETTED so a reader knows it is incomplete. A copy: the stored resource is untouched.
 */
export function existenceView(flag: Flag): Flag {
  const source = flag as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  for (const key of EXISTENCE_ELEMENTS) {
    if (source[key] !== undefined) view[key] = structuredClone(source[key]);
  }
  const meta: Meta = flag.meta === undefined ? {} : structuredClone(flag.meta);
  const tags = (meta.tag ?? []).filter((t) => !(t.system === OBSERVATION_VALUE && t.code === 'SUBSETTED'));
  meta.tag = [...tags, { ...SUBSETTED_TAG }];
  view['meta'] = meta;
  return view as unknown as Flag;
}

/** Whether a caller at `level` may see this resource at all. */
export function visibleAt(level: AccessLevel, resource: unknown): boolean {
  switch (level) {
    case 'none':
      return false;
    case 'existence':
      return isPatientFlag(resource);
    case 'details':
    case 'manage':
      return true;
  }
}

/**
 * What a caller at `level` gets to see of a resource: the resource, its existence view, or
 * nothing (the caller answers 404 / leaves it out of a Bundle, exactly as for a missing one).
 */
export function viewAt<T>(level: AccessLevel, resource: T): T | Flag | undefined {
  if (!visibleAt(level, resource)) return undefined;
  if (level === 'existence' && isPatientFlag(resource)) return existenceView(resource);
  return resource;
}
