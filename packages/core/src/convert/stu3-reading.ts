import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { AdjustmentInput } from './stu3-flag.js';
import type { ConsentInput } from './stu3-consent.js';
import type { ImpairmentInput, UnderlyingConditionInput } from './stu3-condition.js';
import type { Stu3Item } from './stu3-item.js';
import type { PatientMention } from './stu3-patient-reference.js';

/** Everything read from a STU3 record payload (one resource or a Bundle of them), before the record is built. */
export interface Stu3Reading {
  /** Every patient the payload names, in document order. */
  readonly patients: PatientMention[];
  /** Where the patient reference belongs, for the issue when the payload names none. */
  readonly patientExpected: string;
  readonly adjustments: Stu3Item<AdjustmentInput>[];
  readonly impairments: Stu3Item<ImpairmentInput>[];
  readonly underlyingConditions: Stu3Item<UnderlyingConditionInput>[];
  readonly consents: Stu3Item<ConsentInput>[];
  readonly issues: OperationOutcomeIssue[];
}

export function emptyReading(patientExpected: string): Stu3Reading {
  return { patients: [], patientExpected, adjustments: [], impairments: [], underlyingConditions: [], consents: [], issues: [] };
}

/** Adds `part` (a resource read within the payload) to `into`. */
export function merge(into: Stu3Reading, part: Omit<Stu3Reading, 'patientExpected'>): void {
  into.patients.push(...part.patients);
  into.adjustments.push(...part.adjustments);
  into.impairments.push(...part.impairments);
  into.underlyingConditions.push(...part.underlyingConditions);
  into.consents.push(...part.consents);
  into.issues.push(...part.issues);
}
