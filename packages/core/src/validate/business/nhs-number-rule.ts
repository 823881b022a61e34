import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM } from '../../canonical.js';
import { checkNhsNumber } from '../../nhs-number.js';
import { makeIssue } from '../../outcome/issue.js';
import { isObject } from '../json-read.js';
import { walkObjects } from '../json-walk.js';

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
      // A value that is not a string, or is empty, is a base-rule error already.
      if (key !== 'identifier' || object.system !== NHS_NUMBER_SYSTEM || typeof object.value !== 'string' || !object.value) {
        return undefined;
      }
      const result = checkNhsNumber(object.value);
      if (result === 'format') issues.push(makeIssue('business.nhs-number-format', `${walk.path()}.value`));
      else if (result === 'check-digit') issues.push(makeIssue('business.nhs-number-check-digit', `${walk.path()}.value`));
      return undefined;
    },
    undefined,
  );
}
