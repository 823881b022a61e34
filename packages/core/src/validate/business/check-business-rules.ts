import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { isObject } from '../json-read.js';
import type { Sightings } from '../sightings.js';
import { entriesOf, fullUrlsOf } from './bundle-entries.js';
import { checkFlagDetails } from './flag-detail-rule.js';
import { checkNhsNumbers, checkSightedNhsNumbers } from './nhs-number-rule.js';
import { checkOnePatientFlagPerPatient } from './patient-flag-duplicate-rule.js';
import { checkProvenance } from './provenance-rule.js';
import { withRaRoles } from './ra-role.js';
import { checkSameSubject } from './subject-mismatch-rule.js';

/**
 * The business rules (DESIGN decision 5): NHS number check digits everywhere; for RA resources a
 * contained Provenance pointing at `#`; and, across a Bundle, one PatientFlag per patient, every
 * detail about that patient, and flag-detail references that resolve. With `sightings` from the
 * base walk, the NHS numbers are not looked for again.
 */
export function checkBusinessRules(payload: unknown, issues: OperationOutcomeIssue[], sightings?: Sightings): void {
  if (sightings !== undefined && isObject(payload) && typeof payload.resourceType === 'string') {
    checkSightedNhsNumbers(payload, payload.resourceType, sightings, issues);
  } else {
    checkNhsNumbers(payload, issues);
  }
  const entries = withRaRoles(entriesOf(payload), sightings);
  checkProvenance(entries, issues);
  if (isObject(payload) && payload.resourceType === 'Bundle') {
    checkOnePatientFlagPerPatient(entries, issues);
    checkSameSubject(entries, issues);
    checkFlagDetails(entries, fullUrlsOf(payload), issues, sightings);
  }
}
