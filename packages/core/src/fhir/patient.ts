import type { OperationOutcomeIssue, Patient } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, raflagUrl } from '../canonical.js';
import type { PersonName, RaPatient } from '../model/patient.js';
import { checkNhsNumber } from '../nhs-number.js';
import { makeIssue } from '../outcome/issue.js';
import { compact } from '../model/compact.js';
import { reportUnmapped } from './elements.js';
import { objectsIn, stringAt, type JsonObject } from './json.js';

/** The Patient a record is about: the NHS number, the local id and the name, nothing else. */
export function patientToFhir(patient: RaPatient): Patient {
  const identifier = [{ system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber }];
  if (patient.localId !== undefined) identifier.push({ system: raflagUrl.localPatientIdentifier, value: patient.localId });
  return compact<Patient>({
    resourceType: 'Patient',
    id: patient.id,
    identifier,
    name: patient.name === undefined ? undefined : [compact({ family: patient.name.family, given: patient.name.given })],
  });
}

function readName(resource: JsonObject, at: string, issues: OperationOutcomeIssue[]): PersonName | undefined {
  const names = objectsIn(resource['name']);
  for (const [, index] of names.slice(1)) issues.push(makeIssue('mapping.unmapped-element', `${at}.name[${index}]`, { element: 'name' }));
  const [first] = names;
  if (first === undefined) return undefined;
  const family = stringAt(first[0]['family']);
  const given = Array.isArray(first[0]['given']) ? first[0]['given'].filter((g): g is string => typeof g === 'string') : [];
  if (family === undefined && given.length === 0) return undefined;
  return compact({ family, given: given.length > 0 ? given : undefined });
}

/**
 * The record's patient from a Patient resource. The NHS number is required and must pass its check
 * digit; other identifiers than the local one, and demographics beyond the name, are reported as not carried.
 */
export function readPatient(resource: JsonObject, at: string, issues: OperationOutcomeIssue[]): RaPatient | undefined {
  reportUnmapped(resource, at, ['identifier', 'name', 'active'], issues);
  let nhsNumber: string | undefined;
  let localId: string | undefined;
  for (const [identifier, index] of objectsIn(resource['identifier'])) {
    const system = stringAt(identifier['system']);
    const value = stringAt(identifier['value']);
    const idAt = `${at}.identifier[${index}]`;
    if (system === NHS_NUMBER_SYSTEM && value !== undefined && nhsNumber === undefined) {
      const check = checkNhsNumber(value);
      if (check !== 'ok') {
        issues.push(makeIssue(check === 'format' ? 'business.nhs-number-format' : 'business.nhs-number-check-digit', `${idAt}.value`));
        return undefined;
      }
      nhsNumber = value;
    } else if (system === raflagUrl.localPatientIdentifier && value !== undefined && localId === undefined) {
      localId = value;
    } else {
      issues.push(makeIssue('mapping.unmapped-element', idAt, { element: 'identifier' }));
    }
  }
  if (nhsNumber === undefined) {
    issues.push(makeIssue('mapping.nhs-number-missing', `${at}.identifier`));
    return undefined;
  }
  return compact({ nhsNumber, localId, name: readName(resource, at, issues), id: stringAt(resource['id']) });
}
