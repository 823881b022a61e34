import { itemsOf, type JsonObject } from '../json-read.js';
import type { Report } from './profile-report.js';

/**
 * At most one contained Provenance (the `contained:provenance` slice is 0..1 in Gen 3 and 1..1 in
 * Gen 2). A missing one is the business rule `business.provenance-missing`, not reported here.
 */
export function checkProvenanceCount(resource: JsonObject, path: string, profileName: string, report: Report): void {
  const provenances = itemsOf(resource.contained).filter(({ value }) => value.resourceType === 'Provenance');
  const second = provenances[1];
  if (second !== undefined) {
    report('profile.too-many', `${path}.contained[${second.index}]`, {
      element: 'contained:provenance',
      max: 1,
      count: provenances.length,
      profileName,
    });
  }
}
