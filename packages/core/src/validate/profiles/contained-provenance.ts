import { isObject, type JsonObject } from '../json-read.js';
import type { Report } from './profile-report.js';

/**
 * At most one contained Provenance (the `contained:provenance` slice is 0..1 in Gen 3 and 1..1 in
 * Gen 2). A missing one is the business rule `business.provenance-missing`, not reported here.
 */
export function checkProvenanceCount(resource: JsonObject, path: string, profileName: string, report: Report): void {
  const contained = resource.contained;
  if (!Array.isArray(contained)) return;
  let count = 0;
  let second = -1;
  for (let index = 0; index < contained.length; index++) {
    const item: unknown = contained[index];
    if (!isObject(item) || item.resourceType !== 'Provenance') continue;
    if (++count === 2) second = index;
  }
  if (second >= 0) {
    report('profile.too-many', `${path}.contained[${second}]`, { element: 'contained:provenance', max: 1, count, profileName });
  }
}
