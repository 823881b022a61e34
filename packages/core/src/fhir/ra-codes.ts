import type { CodeableConcept, OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../outcome/issue.js';
import { codeSystem, flagTypeFrom, type FlagType } from '../terminology/index.js';
import { concept, firstMatch, type ReadCoding } from './codings.js';

/** The flag type every reasonable-adjustment resource carries (PatientFlag.code, detail category). */
export const RA_FLAG_TYPE: FlagType = 'national-reasonable-adjustment-flag';

export const raFlagTypeConcept = (): CodeableConcept => concept(codeSystem.flagCategoryPatient, RA_FLAG_TYPE);

/** Whether some coding names the reasonable-adjustment flag type, in any generation (NRAF or the slug). */
export function namesRaFlag(codings: readonly ReadCoding[]): boolean {
  return firstMatch(codings, flagTypeFrom)?.value === RA_FLAG_TYPE;
}

/** Reports an element the item cannot be read without, and answers undefined so callers can return it. */
export function unreadable(issues: OperationOutcomeIssue[], at: string, element: string, type: string): undefined {
  issues.push(makeIssue('mapping.missing-element', at, { element, type }));
  return undefined;
}
