import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { summarise } from '../test-support/issues.js';
import { checkNhsNumbers } from './nhs-number-rule.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function run(payload: unknown) {
  const issues: OperationOutcomeIssue[] = [];
  checkNhsNumbers(payload, issues);
  return issues;
}

describe('checkNhsNumbers', () => {
  it.each([
    ['a valid number', '9912003888', []],
    ['a wrong check digit', '9912003889', [['business.nhs-number-check-digit', 'Patient.identifier[1].value', 'error']]],
    ['nine digits', '991200388', [['business.nhs-number-format', 'Patient.identifier[1].value', 'error']]],
    ['spaces inside', '991 200 3888', [['business.nhs-number-format', 'Patient.identifier[1].value', 'error']]],
    ['nine digits with no possible check digit', '1000000010', [['business.nhs-number-check-digit', 'Patient.identifier[1].value', 'error']]],
  ])('checks %s', (_name, value, expected) => {
    const patient = { resourceType: 'Patient', identifier: [{ system: 'http://example.org/mrn', value: '1' }, { system: NHS, value }] };
    expect(summarise(run(patient))).toEqual(expected);
  });

  it('finds NHS numbers in references, Bundle entries and contained resources, and never quotes them', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Flag', subject: { identifier: { system: NHS, value: '9912003889' } } } },
        {
          resource: {
            resourceType: 'Consent',
            contained: [{ resourceType: 'Patient', identifier: [{ system: NHS, value: '12345' }] }],
            extension: [{ url: 'x', valueReference: { identifier: { system: NHS, value: '9912003880' } } }],
          },
        },
      ],
    };
    const issues = run(bundle);
    expect(summarise(issues)).toEqual([
      ['business.nhs-number-check-digit', 'Bundle.entry[0].resource.subject.identifier.value', 'error'],
      ['business.nhs-number-format', 'Bundle.entry[1].resource.contained[0].identifier[0].value', 'error'],
      ['business.nhs-number-check-digit', 'Bundle.entry[1].resource.extension[0].value.ofType(Reference).identifier.value', 'error'],
    ]);
    expect(JSON.stringify(issues)).not.toMatch(/9912003889|12345|9912003880/);
  });

  it('leaves values that are not strings, and other systems, alone', () => {
    const patient = { resourceType: 'Patient', identifier: [{ system: NHS, value: 9912003889 }, { system: 'x', value: '1' }] };
    expect(run(patient)).toEqual([]);
  });
});
