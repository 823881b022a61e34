import type { Bundle, Condition, Consent, Flag, Patient } from 'fhir/r4.js';
import validBundle from '../../../../../packages/core/src/validate/__fixtures__/valid-ra-bundle.json' with { type: 'json' };

/**
 * Realistic RA resources for HTTP tests, taken from core's valid transaction Bundle (which core's
 * own tests prove valid) and pointed at stored ids instead of `urn:uuid`s.
 */
const entries = (validBundle as unknown as Bundle).entry ?? [];

function entryResource<T>(index: number): T {
  return structuredClone(entries[index]?.resource) as T;
}

export const NHS_NUMBER = '9912003888';

/** The Patient (NHS number 9912003888). */
export const patient = (): Patient => entryResource<Patient>(0);

/** An adjustment Flag (communication support) about `Patient/<patientId>`. */
export function adjustmentFlag(patientId: string): Flag {
  const flag = entryResource<Flag>(2);
  flag.subject = { reference: `Patient/${patientId}` };
  return flag;
}

/** An impairment Condition about `Patient/<patientId>`. */
export function condition(patientId: string): Condition {
  const resource = entryResource<Condition>(5);
  resource.subject = { reference: `Patient/${patientId}` };
  return resource;
}

/** The RA consent about `Patient/<patientId>`. */
export function consent(patientId: string): Consent {
  const resource = entryResource<Consent>(7);
  resource.patient = { reference: `Patient/${patientId}` };
  return resource;
}

/** The top-level PatientFlag naming its details. */
export function patientFlag(patientId: string, details: readonly { type: string; id: string }[]): Flag {
  const flag = entryResource<Flag>(1);
  flag.subject = { reference: `Patient/${patientId}` };
  flag.extension = details.map((d) => ({
    url: 'http://hl7.org/fhir/StructureDefinition/flag-detail',
    valueReference: { reference: `${d.type}/${d.id}`, type: d.type },
  }));
  return flag;
}

/** The whole record as core's valid transaction Bundle. */
export const transactionBundle = (): Bundle => structuredClone(validBundle) as unknown as Bundle;
