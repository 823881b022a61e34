import type { ResourceAt } from './resources-in.js';
import type { Sightings } from './sightings.js';

/**
 * What `validate` reads of a payload once and hands to every stage, so that no stage walks the
 * payload again: its resources, and what the base walk sighted (only when that walk is a faithful
 * stand-in for a full walk, see `Sightings`).
 */
export interface SharedReadings {
  readonly resources: readonly ResourceAt[];
  readonly sightings: Sightings | undefined;
}
