import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { RaPatient } from '../model/patient.js';
import { checkNhsNumber } from '../nhs-number.js';
import { makeIssue } from '../outcome/issue.js';
import type { LocatedResource } from './input-resources.js';
import { readPatient } from './patient.js';
import { nhsNumberOf, subjectOf } from './subject.js';

/** The record's patient: from the (first) Patient resource, else from subject identifiers or the option. */
export function findPatient(
  resources: readonly LocatedResource[],
  options: { readonly nhsNumber?: string },
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
