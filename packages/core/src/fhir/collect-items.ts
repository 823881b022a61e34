import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { Adjustment } from '../model/adjustment.js';
import type { RaConsent } from '../model/consent.js';
import type { Impairment } from '../model/impairment.js';
import type { CareCoordinator, EndOfLifePreferences, HealthActionPlan, ScrContact, SignificantMedicalHistory } from '../model/scr-information.js';
import type { UnderlyingCondition } from '../model/underlying-condition.js';
import { makeIssue } from '../outcome/issue.js';
import { flagToAdjustment } from './adjustment-flag.js';
import type { ResourceKind } from './classify.js';
import { conditionToItem } from './condition-flag.js';
import type { LocatedResource } from './input-resources.js';
import { readPatientFlag, type ReadPatientFlag } from './patient-flag.js';
import { readConsent } from './ra-consent.js';
import { readScrFlag } from './read-scr-flag.js';
import { readSignificantHistory } from './scr-condition.js';

/** A one-of-a-kind item with where it was found, so that a second one can be reported. */
export interface Found<T> {
  readonly value: T;
  readonly at: string;
}

/** The items as they are read, before the one-of-a-kind ones are chosen. */
export interface Collected {
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

export function emptyCollected(): Collected {
  return {
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
}

/** The kinds of resource that become part of the record, and so must be about the record's patient. */
export const READ_KINDS: ReadonlySet<ResourceKind> = new Set(['patient-flag', 'adjustment', 'ra-condition', 'consent', 'scr-condition', 'scr-flag']);

/** Reads one resource into the collected items by what it is, or reports why it was not read. */
export function readDetail(r: LocatedResource, kind: ResourceKind, into: Collected, issues: OperationOutcomeIssue[]): void {
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
export function single<T>(found: readonly Found<T>[], what: string, issues: OperationOutcomeIssue[]): T | undefined {
  const [first, second] = found;
  if (second !== undefined) issues.push(makeIssue('mapping.more-than-one', second.at, { what, count: found.length }));
  return first?.value;
}
