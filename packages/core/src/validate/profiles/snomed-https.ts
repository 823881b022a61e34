import { SNOMED_HTTPS } from '../../canonical.js';
import type { JsonObject } from '../json-read.js';
import { walkObjects, type JsonWalk } from '../json-walk.js';
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
