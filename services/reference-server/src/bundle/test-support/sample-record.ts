import type { Bundle } from 'fhir/r4.js';
import { parseRecord, toFhir, type RaRecordInput } from '@raflag/core';

const recorded = {
  practitioner: { sdsId: '555086415105', name: 'Dr Test' },
  organisation: { odsCode: 'B82005', name: 'Test Surgery' },
  role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
  when: '2026-11-20T10:15:00Z',
};

export const SAMPLE_NHS_NUMBER = '9990000018';

export function sampleRecord(nhsNumber = SAMPLE_NHS_NUMBER): RaRecordInput {
  return {
    patient: { nhsNumber, name: { family: 'Tester', given: ['Tess'] } },
    adjustments: [
      { category: 'requires-specific-information-format', code: '796161000000101', recorded },
      { category: 'bespoke-reasonable-adjustments', description: 'Quiet room', recorded },
    ],
    impairments: [{ code: 'learning', recorded }],
    consent: { basis: 'patient', state: 'given', recorded },
  };
}

/** `toFhir(parseRecord(...))`: the transaction a client built on @raflag/core sends. */
export function sampleTransaction(nhsNumber = SAMPLE_NHS_NUMBER): Bundle {
  const parsed = parseRecord(sampleRecord(nhsNumber));
  if (!parsed.ok) throw new Error('the sample record must parse');
  return toFhir(parsed.record);
}
