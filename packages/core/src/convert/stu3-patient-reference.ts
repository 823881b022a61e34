import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { checkNhsNumber } from '../nhs-number.js';
import { makeIssue } from '../outcome/issue.js';
import { reportUnread } from './stu3-issues.js';
import { isObject, stringOf } from '../validate/json-read.js';

/**
 * STU3 RARecord resources name the patient only by an absolute Spine demographics URL ending in
 * the NHS number. The API's own samples leave off the scheme, so both forms are read.
 */
const SPINE_PATIENT = /^(?:https:\/\/)?demographics\.spineservices\.nhs\.uk\/STU3\/Patient\/([^/?#]+)$/;

export type PatientReferenceReading =
  | { readonly kind: 'nhs-number'; readonly nhsNumber: string; readonly schemeMissing: boolean }
  | { readonly kind: 'not-spine' }
  | { readonly kind: 'not-nhs-number' };

/** The NHS number a STU3 patient reference names, without judging the check digit. */
export function readPatientReference(reference: string): PatientReferenceReading {
  const match = SPINE_PATIENT.exec(reference.trim());
  const id = match?.[1];
  if (id === undefined) return { kind: 'not-spine' };
  if (!/^\d{10}$/.test(id)) return { kind: 'not-nhs-number' };
  return { kind: 'nhs-number', nhsNumber: id, schemeMissing: !reference.trim().startsWith('https://') };
}

/** An NHS number found in the payload and where it was found. */
export interface PatientMention {
  readonly nhsNumber: string;
  readonly expression: string;
}

const READ_REFERENCE_KEYS: ReadonlySet<string> = new Set(['reference']);

/**
 * The patient a STU3 Reference element at `path` names, when it names one with a valid NHS number.
 * A missing reference is not reported here: the caller decides whether the payload names the
 * patient anywhere else.
 */
export function patientFromReference(
  reference: unknown,
  path: string,
  issues: OperationOutcomeIssue[],
): PatientMention | undefined {
  if (!isObject(reference)) return undefined;
  // The STU3 profiles allow only `reference`; a display would be the patient's name, so it is dropped.
  reportUnread(reference, path, READ_REFERENCE_KEYS, issues);
  const text = stringOf(reference.reference);
  if (text === undefined) return undefined;
  const expression = `${path}.reference`;
  const reading = readPatientReference(text);
  if (reading.kind !== 'nhs-number') {
    issues.push(makeIssue('mapping.stu3-patient-reference', expression));
    return undefined;
  }
  if (checkNhsNumber(reading.nhsNumber) !== 'ok') {
    issues.push(makeIssue('business.nhs-number-check-digit', expression));
    return undefined;
  }
  return { nhsNumber: reading.nhsNumber, expression };
}
