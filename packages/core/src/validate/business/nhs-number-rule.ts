import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM } from '../../canonical.js';
import { checkNhsNumber } from '../../nhs-number.js';
import { makeIssue } from '../../outcome/issue.js';
import type { MessageId } from '../../outcome/messages.js';
import { isObject, type JsonObject } from '../json-read.js';
import { pathsOfVisits, walkObjects } from '../json-walk.js';
import type { Sightings } from '../sightings.js';

/** What is wrong with an NHS-number identifier, if anything. */
function defectOf(identifier: JsonObject): MessageId | undefined {
  const { value } = identifier;
  // A value that is not a string, or is empty, is a base-rule error already.
  if (typeof value !== 'string' || !value) return undefined;
  const result = checkNhsNumber(value);
  if (result === 'format') return 'business.nhs-number-format';
  if (result === 'check-digit') return 'business.nhs-number-check-digit';
  return undefined;
}

/**
 * Every identifier in the NHS number system, wherever it is (Patient.identifier, a reference's
 * identifier, contained and Bundle-entry resources), must be ten digits with a valid modulus 11
 * check digit. The diagnostics never carry the number.
 */
export function checkNhsNumbers(payload: unknown, issues: OperationOutcomeIssue[]): void {
  if (!isObject(payload) || typeof payload.resourceType !== 'string') return;
  walkObjects<undefined>(
    payload,
    payload.resourceType,
    (object, key, walk) => {
      if (key !== 'identifier' || object.system !== NHS_NUMBER_SYSTEM) return undefined;
      const defect = defectOf(object);
      if (defect !== undefined) issues.push(makeIssue(defect, `${walk.path()}.value`));
      return undefined;
    },
    undefined,
  );
}

/** `checkNhsNumbers` over the identifiers the base walk sighted, so the payload is not walked again. */
export function checkSightedNhsNumbers(
  payload: JsonObject,
  root: string,
  sightings: Sightings,
  issues: OperationOutcomeIssue[],
): void {
  let defects: MessageId[] | undefined;
  let visits: number[] | undefined;
  for (const { object, visit } of sightings.nhsIdentifiers) {
    const defect = defectOf(object);
    if (defect === undefined) continue;
    (defects ??= []).push(defect);
    (visits ??= []).push(visit);
  }
  if (defects === undefined || visits === undefined) return;
  const paths = pathsOfVisits(payload, root, visits);
  defects.forEach((defect, i) => issues.push(makeIssue(defect, `${paths[i] ?? root}.value`)));
}
