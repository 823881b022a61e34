import { describe, expect, it } from 'vitest';
import { getAt, setAt } from '../test-support/json-edit.js';
import { runRule } from '../test-support/run-rule.js';
import { entry, validBundle } from '../test-support/valid-bundle.js';
import { checkOnePatientFlagPerPatient } from './patient-flag-duplicate-rule.js';

const withSecondFlag = (edit?: (flag: Record<string, unknown>) => void) => {
  const bundle = validBundle();
  const entries = bundle.entry as Record<string, unknown>[];
  const copy = structuredClone(entries[entry.patientFlag] ?? {});
  copy.fullUrl = 'urn:uuid:4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b199';
  edit?.(copy.resource as Record<string, unknown>);
  entries.push(copy);
  return bundle;
};

describe('one PatientFlag per patient', () => {
  it('accepts one', () => {
    expect(runRule(checkOnePatientFlagPerPatient, validBundle())).toEqual([]);
  });

  it('reports the second PatientFlag for the same patient, at the resource', () => {
    expect(runRule(checkOnePatientFlagPerPatient, withSecondFlag())).toEqual([
      ['business.patient-flag-duplicate', 'Bundle.entry[8].resource', 'error'],
    ]);
  });

  it('counts a PatientFlag naming the patient by NHS number as the same patient', () => {
    const bundle = withSecondFlag((flag) =>
      setAt(flag, 'subject', { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } }),
    );
    expect(runRule(checkOnePatientFlagPerPatient, bundle)).toEqual([
      ['business.patient-flag-duplicate', 'Bundle.entry[8].resource', 'error'],
    ]);
  });

  it('accepts PatientFlags for two patients', () => {
    const bundle = withSecondFlag((flag) => setAt(flag, 'subject', { reference: 'Patient/someone-else' }));
    expect(runRule(checkOnePatientFlagPerPatient, bundle)).toEqual([]);
  });

  it('accepts an FGM PatientFlag beside the RA one (one per flag type)', () => {
    const bundle = withSecondFlag((flag) => {
      setAt(flag, 'code.coding[0].code', 'female-genital-mutilation-flag');
      delete flag.meta;
    });
    expect(getAt(bundle, 'entry[8].resource.code.coding[0].code')).toBe('female-genital-mutilation-flag');
    expect(runRule(checkOnePatientFlagPerPatient, bundle)).toEqual([]);
  });
});
