import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { summarise } from '../test-support/issues.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { entry, validBundle, validResource } from '../test-support/valid-bundle.js';
import { checkBusinessRules } from './check-business-rules.js';

function run(payload: unknown) {
  const issues: OperationOutcomeIssue[] = [];
  checkBusinessRules(payload, issues);
  return summarise(issues);
}

describe('checkBusinessRules', () => {
  it('accepts the valid Bundle', () => {
    expect(run(validBundle())).toEqual([]);
  });

  it('runs every rule over a Bundle', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[0].resource.identifier[0].value', '9912003880');
    removeAt(bundle, 'entry[2].resource.contained');
    setAt(bundle, 'entry[3].resource.subject', { reference: 'Patient/other' });
    setAt(bundle, 'entry[1].resource.extension[5].valueReference.reference', 'Consent/elsewhere');
    (bundle.entry as unknown[]).push(structuredClone((bundle.entry as unknown[])[entry.patientFlag]));
    expect(run(bundle)).toEqual([
      ['business.nhs-number-check-digit', 'Bundle.entry[0].resource.identifier[0].value', 'error'],
      ['business.provenance-missing', 'Bundle.entry[2].resource.contained', 'error'],
      ['business.patient-flag-duplicate', 'Bundle.entry[8].resource', 'error'],
      ['business.subject-mismatch', 'Bundle.entry[3].resource.subject', 'error'],
      ['business.flag-detail-unresolved', 'Bundle.entry[1].resource.extension[5].value.ofType(Reference).reference', 'warning'],
      ['business.flag-detail-unresolved', 'Bundle.entry[8].resource.extension[5].value.ofType(Reference).reference', 'warning'],
    ]);
  });

  it('does not hold a lone PatientFlag\'s flag-detail references to a Bundle it is not in', () => {
    expect(run(validResource(entry.patientFlag))).toEqual([]);
  });

  it('answers nothing for values that are not resources', () => {
    expect(run('Flag')).toEqual([]);
    expect(run({ entry: [] })).toEqual([]);
  });
});
