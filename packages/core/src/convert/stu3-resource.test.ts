import { describe, expect, it } from 'vitest';
import { readStu3Resource } from './stu3-resource.js';
import { condition, consent, flag, list, provenance } from './test-support/stu3-builders.js';

describe('readStu3Resource', () => {
  it.each([
    ['flag', flag(), 'Flag', 'Flag.subject', 'adjustments'],
    ['consent', consent(), 'Consent', 'Consent.patient', 'consents'],
    ['condition', condition({ contained: [provenance()] }), 'Condition', 'Condition.subject', 'impairments'],
    ['list', list([condition({ id: 'c1' }), provenance({ target: [{ reference: 'Condition/c1' }] })], [{ item: { reference: '#c1' } }]), 'List', 'List.subject', 'impairments'],
  ] as const)('reads a %s into the right list', (kind, resource, path, patientExpected, filled) => {
    const reading = readStu3Resource(kind, resource, path, {});
    expect(reading.patientExpected).toBe(patientExpected);
    expect(reading.patients).not.toHaveLength(0);
    expect(reading.issues).toEqual([]);
    const sizes = {
      adjustments: reading.adjustments.length,
      consents: reading.consents.length,
      impairments: reading.impairments.length,
      underlyingConditions: reading.underlyingConditions.length,
    };
    expect(sizes).toEqual({ adjustments: 0, consents: 0, impairments: 0, underlyingConditions: 0, [filled]: 1 });
  });

  it('reads an underlying condition from a stand-alone SNOMED CT Condition', () => {
    const resource = condition({ contained: [provenance()], code: { coding: [{ system: 'http://snomed.info/sct', code: '73618009' }] } });
    expect(readStu3Resource('condition', resource, 'Condition', {}).underlyingConditions).toHaveLength(1);
  });
});
