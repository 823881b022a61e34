import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { describeIssues, pruned } from '../model/parse-record.js';
import type { RaPatient } from '../model/patient.js';
import { firstRecorded } from '../model/patient-flag.js';
import { raRecordSchema, type RaRecord } from '../model/ra-record.js';
import { makeIssue } from '../outcome/issue.js';
import { toOutcome } from '../outcome/outcome.js';
import { classify } from './classify.js';
import { emptyCollected, READ_KINDS, readDetail, single, type Collected } from './collect-items.js';
import { findPatient } from './find-patient.js';
import { locateResources, type LocatedResource } from './input-resources.js';
import { jsonEqual } from './json.js';
import { refersTo, subjectOf } from './subject.js';

export interface FromFhirOptions {
  /** The patient's NHS number, for input that has no Patient resource (single detail resources). */
  readonly nhsNumber?: string;
}

export interface FromFhirResult {
  /**
   * Everything that could be read. Present whenever the patient is known, even if some items could
   * not be read: check the outcome for errors before writing the record back.
   */
  readonly record?: RaRecord;
  readonly outcome: OperationOutcome;
}

function checkFlagDetails(collected: Collected, resources: readonly LocatedResource[], issues: OperationOutcomeIssue[]): void {
  const names = resources.flatMap((r) => r.names);
  for (const { value: flag } of collected.patientFlags) {
    for (const ref of flag.detailRefs) {
      const resolves = names.some((name) => ref.reference === name || ref.reference.endsWith(`/${name}`));
      if (!resolves) issues.push(makeIssue('business.flag-detail-unresolved', ref.at));
    }
  }
}

function assemble(patient: RaPatient, c: Collected, issues: OperationOutcomeIssue[]) {
  const record = {
    patient,
    adjustments: c.adjustments,
    impairments: c.impairments,
    underlyingConditions: c.underlyingConditions,
    consent: single(c.consents, 'current consent', issues),
    scr: {
      significantMedicalHistory: c.significantMedicalHistory,
      healthActionPlan: single(c.healthActionPlans, 'Health Action Plan', issues),
      careCoordinator: single(c.careCoordinators, 'care coordinator', issues),
      endOfLifePreferences: single(c.endOfLife, 'end-of-life preferences', issues),
      contacts: c.contacts,
    },
  };
  const [first, second] = c.patientFlags;
  if (second !== undefined) {
    issues.push(makeIssue('business.patient-flag-duplicate', second.at, { count: c.patientFlags.length }));
  }
  // A PatientFlag recorded like the first item is the default the mapping derives, so it is not kept.
  const recorded = first?.value.recorded;
  const keepRecorded = recorded !== undefined && !jsonEqual(recorded, firstRecorded(record));
  const patientFlag = { ...first?.value.details, ...(keepRecorded ? { recorded } : {}) };
  return pruned({ ...record, patientFlag: Object.keys(patientFlag).length > 0 ? patientFlag : undefined });
}

/**
 * Reads a reasonable-adjustment record from FHIR: a Bundle (transaction, batch, searchset,
 * collection), one resource or an array of resources, in the current Gen 3 shape or the 2024 Gen 2
 * ra-sandbox shape. Whatever cannot be mapped is reported in the outcome with its FHIRPath.
 */
export function fromFhir(input: unknown, options: FromFhirOptions = {}): FromFhirResult {
  const issues: OperationOutcomeIssue[] = [];
  const resources = locateResources(input, issues);
  if (resources === undefined) return { outcome: toOutcome(issues) };
  const { patient, resource: patientResource } = findPatient(resources, options, issues);
  const collected = emptyCollected();
  for (const r of resources) {
    const kind = classify(r);
    // Every Patient was read (or reported) by findPatient.
    if (kind === 'patient') continue;
    const subject = subjectOf(r);
    if (READ_KINDS.has(kind) && patientResource !== undefined && !refersTo(subject.reference, patientResource, patient?.nhsNumber)) {
      issues.push(makeIssue('business.subject-mismatch', subject.at));
      continue;
    }
    readDetail(r, kind, collected, issues);
  }
  checkFlagDetails(collected, resources, issues);
  if (patient === undefined) {
    if (patientResource === undefined) issues.push(makeIssue('mapping.no-patient', undefined));
    return { outcome: toOutcome(issues) };
  }
  const candidate = assemble(patient, collected, issues);
  const checked = raRecordSchema.safeParse(candidate);
  if (!checked.success) return { outcome: toOutcome([...issues, ...describeIssues(checked.error.issues, candidate)]) };
  return { record: pruned(checked.data), outcome: toOutcome(issues) };
}
