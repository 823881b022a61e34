import type { JsonObject } from '../json-read.js';
import type { Sightings } from '../sightings.js';
import type { Report } from './profile-report.js';

/** What a profiled resource is within a reasonable-adjustment record. */
export type ProfileRole = 'patient-flag' | 'adjustment' | 'condition' | 'consent' | 'provenance';

export interface ProfileDef {
  readonly url: string;
  /** Short name used in messages (`England-Flag-PatientFlag-Adjustment`). */
  readonly name: string;
  readonly resourceType: 'Flag' | 'Condition' | 'Consent' | 'Provenance';
  readonly role: ProfileRole;
  /** 2 for the ra-sandbox profiles we read; 3 for the current national model and raflag's own RA-Consent. */
  readonly generation: 2 | 3;
  /**
   * The profile's own rules. Base R4 has already reported missing base-required elements and wrong
   * JSON shapes, so a rule skips silently whatever is absent or of the wrong shape. `seen` is what
   * the base walk already read (see `Sightings`), when `validate` has it.
   */
  readonly check: (resource: JsonObject, path: string, report: Report, seen?: Sightings) => void;
}
