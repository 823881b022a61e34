import type { Bundle, BundleEntry, FhirResource, Reference } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM } from '../canonical.js';
import { patientFlagRecorded } from '../model/patient-flag.js';
import type { RaRecord } from '../model/ra-record.js';
import { adjustmentToFlag } from './adjustment-flag.js';
import { impairmentToCondition, underlyingConditionToCondition } from './condition-flag.js';
import { patientToFhir } from './patient.js';
import { patientFlagFor } from './patient-flag.js';
import { consentToFhir } from './ra-consent.js';
import { significantHistoryToCondition } from './scr-condition.js';
import { careCoordinatorToFlag, contactToFlag, endOfLifeToFlag, healthActionPlanToFlag } from './scr-flags.js';

export interface ToFhirOptions {
  /** Makes the `urn:uuid:` fullUrls; defaults to `crypto.randomUUID()` (Node 20 and browsers). */
  readonly uuid?: () => string;
}

function defaultUuid(): string {
  const { crypto } = globalThis as { crypto?: { randomUUID?: () => string } };
  if (crypto?.randomUUID === undefined) throw new Error('crypto.randomUUID is not available; pass options.uuid');
  return crypto.randomUUID();
}

/** Items the server already holds are replaced in place; new ones are created. */
function entryFor(fullUrl: string, resource: FhirResource): BundleEntry {
  const request = resource.id === undefined
    ? { method: 'POST' as const, url: resource.resourceType }
    : { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` };
  return { fullUrl, resource, request };
}

/** Every detail resource of the record, in a fixed order: consent, adjustments, conditions, SCR items. */
function detailResources(record: RaRecord, patientRef: Reference): FhirResource[] {
  const { scr } = record;
  return [
    ...(record.consent ? [consentToFhir(record.consent, patientRef)] : []),
    ...record.adjustments.map((a) => adjustmentToFlag(a, patientRef)),
    ...record.impairments.map((i) => impairmentToCondition(i, patientRef)),
    ...record.underlyingConditions.map((c) => underlyingConditionToCondition(c, patientRef)),
    ...scr.significantMedicalHistory.map((h) => significantHistoryToCondition(h, patientRef)),
    ...(scr.healthActionPlan ? [healthActionPlanToFlag(scr.healthActionPlan, patientRef)] : []),
    ...(scr.careCoordinator ? [careCoordinatorToFlag(scr.careCoordinator, patientRef)] : []),
    ...(scr.endOfLifePreferences ? [endOfLifeToFlag(scr.endOfLifePreferences, patientRef)] : []),
    ...scr.contacts.map((c) => contactToFlag(c, patientRef)),
  ];
}

/**
 * The record as a transaction Bundle in the current national (Gen 3) shape: the Patient, one
 * England-Flag-PatientFlag whose flag-detail lists every other entry, then the details. References
 * between entries use their `urn:uuid:` fullUrls. A record from untrusted input should pass
 * parseRecord first; this function trusts its argument.
 */
export function toFhir(record: RaRecord, options: ToFhirOptions = {}): Bundle {
  const uuid = options.uuid ?? defaultUuid;
  const patientUrl = `urn:uuid:${uuid()}`;
  const flagUrl = `urn:uuid:${uuid()}`;
  const patientRef: Reference = { reference: patientUrl };
  const details = detailResources(record, patientRef).map((resource) => entryFor(`urn:uuid:${uuid()}`, resource));
  const detailRefs = details.map((e): Reference => ({ reference: e.fullUrl, type: e.resource?.resourceType }));
  const patientFlag = patientFlagFor(patientRef, detailRefs, patientFlagRecorded(record), record.patientFlag);
  const patient = patientToFhir(record.patient);
  const patientEntry: BundleEntry =
    patient.id === undefined
      ? {
          fullUrl: patientUrl,
          resource: patient,
          // Create the Patient only if the server does not know the NHS number yet.
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${NHS_NUMBER_SYSTEM}|${record.patient.nhsNumber}` },
        }
      : entryFor(patientUrl, patient);
  return { resourceType: 'Bundle', type: 'transaction', entry: [patientEntry, entryFor(flagUrl, patientFlag), ...details] };
}
