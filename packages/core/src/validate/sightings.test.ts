import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM, SNOMED_HTTPS } from '../canonical.js';
import { checkBase } from './base/check-base.js';
import { checkBusinessRules } from './business/check-business-rules.js';
import { checkProfiles } from './profiles/check-profiles.js';
import { detectStu3 } from './stu3-detect.js';
import { setAt } from './test-support/json-edit.js';
import { summarise } from './test-support/issues.js';
import { entry, validBundle, validResource } from './test-support/valid-bundle.js';
import { validate } from './validate.js';

/** `validate` as it was before the sightings: every stage walks the payload itself. */
function walkingEveryStage(payload: unknown): OperationOutcomeIssue[] {
  const stu3 = detectStu3(payload);
  if (stu3) return [stu3];
  const issues: OperationOutcomeIssue[] = [];
  if (checkBase(payload, issues)) {
    checkProfiles(payload, issues, {});
    checkBusinessRules(payload, issues);
  }
  return issues;
}

const httpsCoding = { system: SNOMED_HTTPS, code: '1082681000000103' };
const badNhsNumber = { system: NHS_NUMBER_SYSTEM, value: '9912003889' };

/** A primitive extension (`_status`) holding a coding and an identifier: `walkObjects` never looks there. */
const inPrimitiveExtension = {
  extension: [
    { url: 'https://example.org/a', valueCoding: httpsCoding },
    { url: 'https://example.org/b', valueReference: { identifier: badNhsNumber } },
  ],
};

const edited = (edit: (bundle: Record<string, unknown>) => void) => () => {
  const bundle = validBundle();
  edit(bundle);
  return bundle;
};

describe('sightings stand in for the walks they replace', () => {
  it.each<[string, () => unknown, number]>([
    ['the valid Bundle', validBundle, 0],
    [
      'https SNOMED codings in a profiled entry, its contained Provenance and an unprofiled Patient',
      edited((bundle) => {
        setAt(bundle, `entry[${entry.adjustment}].resource.code.coding[0].system`, SNOMED_HTTPS);
        setAt(bundle, `entry[${entry.consent}].resource.contained[0].agent[0].role[0].coding[0].system`, SNOMED_HTTPS);
        setAt(bundle, `entry[${entry.patient}].resource.maritalStatus`, { coding: [httpsCoding] });
      }),
      2,
    ],
    [
      'NHS numbers in a Patient, in a reference and deep in an extension',
      edited((bundle) => {
        setAt(bundle, `entry[${entry.patient}].resource.identifier[0].value`, '9912003889');
        setAt(bundle, `entry[${entry.adjustment2}].resource.subject`, { identifier: badNhsNumber });
        setAt(bundle, `entry[${entry.impairment}].resource.extension`, [
          { url: 'https://example.org/c', valueReference: { identifier: { ...badNhsNumber, value: '123' } } },
        ]);
      }),
      3,
    ],
    [
      'codings and identifiers inside primitive extensions, which neither walk reports',
      edited((bundle) => setAt(bundle, `entry[${entry.adjustment}].resource._status`, inPrimitiveExtension)),
      0,
    ],
    [
      'one coding object met twice, reported at both of its paths',
      edited((bundle) => {
        const shared = { ...httpsCoding };
        setAt(bundle, `entry[${entry.adjustment}].resource.code.coding[0]`, shared);
        setAt(bundle, `entry[${entry.adjustment2}].resource.code.coding[0]`, shared);
      }),
      // The second Flag's category has no such adjustment: one more issue, on both sides alike.
      3,
    ],
    ['a lone adjustment Flag with an https coding', () => {
      const flag = validResource(entry.adjustment);
      setAt(flag, 'code.coding[0].system', SNOMED_HTTPS);
      return flag;
    }, 1],
  ])('%s', (_name, payload, expectedIssues) => {
    const issues: OperationOutcomeIssue[] = [];
    // The base rules pass it, so validate takes the sightings and walks nothing again.
    expect(checkBase(payload(), issues)).toBe(true);
    expect(issues).toEqual([]);
    const fast = summarise(validate(payload()));
    expect(fast).toEqual(summarise(walkingEveryStage(payload())));
    expect(fast).toHaveLength(expectedIssues);
  });

});
