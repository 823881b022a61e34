import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Adjustment } from '../model/adjustment.js';
import type { RaConsent } from '../model/consent.js';
import type { Impairment } from '../model/impairment.js';
import { describeIssues, pruned } from '../model/parse-record.js';
import type { RaPatient } from '../model/patient.js';
import { firstRecorded } from '../model/patient-flag.js';
import { raRecordSchema, type RaRecord } from '../model/ra-record.js';
import type { CareCoordinator, EndOfLifePreferences, HealthActionPlan, ScrContact, SignificantMedicalHistory } from '../model/scr-information.js';
import type { UnderlyingCondition } from '../model/underlying-condition.js';
import { checkNhsNumber } from '../nhs-number.js';
import { makeIssue } from '../outcome/issue.js';
import { toOutcome } from '../outcome/outcome.js';
import { flagToAdjustment } from './adjustment-flag.js';
import { classify, type ResourceKind } from './classify.js';
import { conditionToItem } from './condition-flag.js';
import { locateResources, type LocatedResource } from './input-resources.js';
import { jsonEqual } from './json.js';
import { readPatient } from './patient.js';
import { readPatientFlag, type ReadPatientFlag } from './patient-flag.js';
import { readConsent } from './ra-consent.js';
import { readScrFlag } from './read-scr-flag.js';
import { readSignificantHistory } from './scr-condition.js';
import { nhsNumberOf, refersTo, subjectOf } from './subject.js';

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

/** A one-of-a-kind item with where it was found, so that a second one can be reported. */
interface Found<T> {
  readonly value: T;
  readonly at: string;
}

/** The items as they are read, before the one-of-a-kind ones are chosen. */
interface Collected {
  patientFlags: Found<ReadPatientFlag>[];
  adjustments: Adjustment[];
  impairments: Impairment[];
  underlyingConditions: UnderlyingCondition[];
  consents: Found<RaConsent>[];
  significantMedicalHistory: SignificantMedicalHistory[];
  healthActionPlans: Found<HealthActionPlan>[];
  careCoordinators: Found<CareCoordinator>[];
  endOfLife: Found<EndOfLifePreferences>[];
  contacts: ScrContact[];
}

const READ_KINDS: ReadonlySet<ResourceKind> = new Set(['patient-flag', 'adjustment', 'ra-condition', 'consent', 'scr-condition', 'scr-flag']);

function readDetail(r: LocatedResource, kind: ResourceKind, into: Collected, issues: OperationOutcomeIssue[]): void {
  const { resource, at } = r;
  switch (kind) {
    case 'patient-flag':
      into.patientFlags.push({ value: readPatientFlag(resource, at, issues), at });
      return;
    case 'adjustment': {
      const adjustment = flagToAdjustment(resource, at, issues);
      if (adjustment) into.adjustments.push(adjustment);
      return;
    }
    case 'ra-condition': {
      const read = conditionToItem(resource, at, issues);
      if (read?.kind === 'impairment') into.impairments.push(read.item);
      if (read?.kind === 'underlying-condition') into.underlyingConditions.push(read.item);
      return;
    }
    case 'consent': {
      const consent = readConsent(resource, at, issues);
      if (consent) into.consents.push({ value: consent, at });
      return;
    }
    case 'scr-condition': {
      const item = readSignificantHistory(resource, at, issues);
      if (item) into.significantMedicalHistory.push(item);
      return;
    }
    case 'scr-flag': {
      const read = readScrFlag(resource, at, issues);
      if (read?.kind === 'health-action-plan') into.healthActionPlans.push({ value: read.item, at });
      if (read?.kind === 'care-coordinator') into.careCoordinators.push({ value: read.item, at });
      if (read?.kind === 'end-of-life-preferences') into.endOfLife.push({ value: read.item, at });
      if (read?.kind === 'contact') into.contacts.push(read.item);
      return;
    }
    case 'unrecognised':
      issues.push(makeIssue('mapping.unrecognised-resource', at, { type: r.type }));
      return;
    case 'unmapped':
      issues.push(makeIssue('mapping.unmapped-resource', at, { type: r.type }));
  }
}

/** The first of a one-of-a-kind item, warning when the input had more. */
function single<T>(found: readonly Found<T>[], what: string, issues: OperationOutcomeIssue[]): T | undefined {
  const [first, second] = found;
  if (second !== undefined) issues.push(makeIssue('mapping.more-than-one', second.at, { what, count: found.length }));
  return first?.value;
}

/** The record's patient: from the (first) Patient resource, else from subject identifiers or the option. */
function findPatient(
  resources: readonly LocatedResource[],
  options: FromFhirOptions,
  issues: OperationOutcomeIssue[],
): { patient?: RaPatient; resource?: LocatedResource } {
  const [resource, ...others] = resources.filter((r) => r.type === 'Patient');
  if (resource !== undefined) {
    const patient = readPatient(resource.resource, resource.at, issues);
    for (const other of others) {
      const again = readPatient(other.resource, other.at, []);
      issues.push(
        again?.nhsNumber === patient?.nhsNumber
          ? makeIssue('mapping.more-than-one', other.at, { what: 'Patient', count: others.length + 1 })
          : makeIssue('mapping.patient-conflict', other.at),
      );
    }
    return patient === undefined ? { resource } : { patient, resource };
  }
  const numbers = new Set(resources.map((r) => nhsNumberOf(subjectOf(r).reference)).filter((n) => n !== undefined));
  if (options.nhsNumber !== undefined) numbers.add(options.nhsNumber);
  if (numbers.size > 1) issues.push(makeIssue('mapping.patient-conflict', undefined));
  const [nhsNumber] = numbers;
  if (nhsNumber === undefined || numbers.size > 1) return {};
  const check = checkNhsNumber(nhsNumber);
  if (check === 'ok') return { patient: { nhsNumber } };
  issues.push(makeIssue(check === 'format' ? 'business.nhs-number-format' : 'business.nhs-number-check-digit', undefined));
  return {};
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
  const collected: Collected = {
    patientFlags: [],
    adjustments: [],
    impairments: [],
    underlyingConditions: [],
    consents: [],
    significantMedicalHistory: [],
    healthActionPlans: [],
    careCoordinators: [],
    endOfLife: [],
    contacts: [],
  };
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
