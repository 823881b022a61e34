import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { isObject } from '../json-read.js';
import { entriesOf, fullUrlsOf } from './bundle-entries.js';
import { checkFlagDetails } from './flag-detail-rule.js';
import { checkNhsNumbers } from './nhs-number-rule.js';
import { checkOnePatientFlagPerPatient } from './patient-flag-duplicate-rule.js';
import { checkProvenance } from './provenance-rule.js';
import { withRaRoles } from './ra-role.js';
import { checkSameSubject } from './subject-mismatch-rule.js';

/**
 * The business rules (DESIGN decision 5): NHS number check digits everywhere; for RA resources a
 * contained Provenance pointing at `#`; and, across a Bundle, one PatientFlag per patient, every
 * detail about that patient, and flag-detail references that resolve.
 */
export function checkBusinessRules(payload: unknown, issues: OperationOutcomeIssue[]): void {
  checkNhsNumbers(payload, issues);
  const entries = withRaRoles(entriesOf(payload));
  checkProvenance(entries, issues);
  if (isObject(payload) && payload.resourceType === 'Bundle') {
    checkOnePatientFlagPerPatient(entries, issues);
    checkSameSubject(entries, issues);
    checkFlagDetails(entries, fullUrlsOf(payload), issues);
  }
}
