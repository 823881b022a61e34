import { SNOMED_HTTPS } from '../../canonical.js';
import type { JsonObject } from '../json-read.js';
import { pathsOfVisits, walkObjects, type JsonWalk } from '../json-walk.js';
import type { Sightings } from '../sightings.js';
import type { Report } from './profile-report.js';

type Reporters = ReadonlyMap<JsonObject, Report>;

function visitor(reporters: Reporters) {
  return (object: JsonObject, _key: string | undefined, walk: JsonWalk<Report | undefined>, current: Report | undefined) => {
    // Entering a resource: its codings are reported against its own profile, or not at all.
    const report = typeof object.resourceType === 'string' ? reporters.get(object) : current;
    if (report !== undefined && object.system === SNOMED_HTTPS) report('terminology.snomed-https', `${walk.path()}.system`);
    return report;
  };
}

/**
 * Reports every coding of a profiled resource whose system is `https://snomed.info/sct` (domain.md
 * §7 item 6): accepted with a warning on input, normalised on conversion, never emitted. One walk
 * over the whole payload; `reporters` names the profiled resources (top level, Bundle entries and
 * contained) and the profile each coding is reported against. Other resources are not RA content.
 */
export function checkSnomedHttps(payload: unknown, root: string, reporters: Reporters): void {
  if (reporters.size > 0) walkObjects(payload, root, visitor(reporters), undefined);
}

/** `checkSnomedHttps` over the codings the base walk sighted, so the payload is not walked again. */
export function checkSightedSnomedHttps(payload: unknown, root: string, sightings: Sightings, reporters: Reporters): void {
  let reports: Report[] | undefined;
  let visits: number[] | undefined;
  for (const { visit, resource } of sightings.snomedHttps) {
    const report = reporters.get(resource);
    if (report === undefined) continue;
    (reports ??= []).push(report);
    (visits ??= []).push(visit);
  }
  if (reports === undefined || visits === undefined) return;
  const paths = pathsOfVisits(payload, root, visits);
  reports.forEach((report, i) => report('terminology.snomed-https', `${paths[i] ?? root}.system`));
}
