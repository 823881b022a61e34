import { SNOMED_HTTPS } from '../../canonical.js';
import { walkObjects } from '../json-walk.js';
import type { Report } from './profile-report.js';

// Contained resources are checked as resources of their own.
const skip = new Set(['contained']);

/**
 * Reports every coding of a profiled resource whose system is `https://snomed.info/sct` (domain.md
 * §7 item 6): accepted with a warning on input, normalised on conversion, never emitted.
 */
export function checkSnomedHttps(resource: unknown, path: string, report: Report): void {
  walkObjects(
    resource,
    path,
    (object, _key, path) => {
      if (object.system === SNOMED_HTTPS) report('terminology.snomed-https', `${path()}.system`);
    },
    { skip },
  );
}
