import { describe, expect, it } from 'vitest';
import { readStu3Bundle } from './stu3-bundle.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import { consent, flag, issueSummary, NHS_NUMBER, RECORDED } from './test-support/stu3-builders.js';

describe('readStu3Bundle', () => {
  it('reads the Spine searchset of the API read example', () => {
    const reading = readStu3Bundle(nationalFixtureObject('extra/api-readConsentResponse.json'), {});
    expect(reading.patients).toEqual([{ nhsNumber: NHS_NUMBER, expression: 'Bundle.entry[0].resource.patient.reference' }]);
    expect(reading.consents.map((c) => [c.value.basis, c.value.state, c.expression])).toEqual([
      ['patient', 'given', 'Bundle.entry[0].resource'],
    ]);
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'Bundle.entry[0].resource.extension[1]']]);
  });

  it('gathers a consent and adjustments from several entries and reports the rest', () => {
    const reading = readStu3Bundle(
      {
        resourceType: 'Bundle',
        type: 'searchset',
        signature: {},
        entry: [
          { resource: consent() },
          { resource: flag(), search: { mode: 'match' } },
          { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
          { resource: { resourceType: 'Parameters', parameter: [{ name: 'removeRARecord' }] } },
          { resource: { resourceType: 'John Smith' } },
          { fullUrl: 'x' },
        ],
      },
      {},
    );
    expect(reading.patientExpected).toBe('Bundle.entry');
    expect(reading.patients.map((p) => p.expression)).toEqual([
      'Bundle.entry[0].resource.patient.reference',
      'Bundle.entry[1].resource.subject.reference',
    ]);
    expect(reading.consents).toHaveLength(1);
    expect(reading.adjustments.map((a) => a.value)).toEqual([{ category: 'communication-support', code: '441092009', recorded: RECORDED }]);
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Bundle.signature'],
      ['mapping.unmapped-resource', 'warning', 'Bundle.entry[2].resource'],
      ['mapping.not-carried', 'warning', 'Bundle.entry[3].resource'],
      ['mapping.unmapped-resource', 'warning', 'Bundle.entry[4].resource'],
    ]);
    expect(reading.issues[1]?.details?.text).toBe('A OperationOutcome resource is not part of a reasonable-adjustment record and was not mapped.');
    expect(JSON.stringify(reading.issues)).not.toContain('John Smith');
  });
});
