import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FLAG_DETAIL_EXTENSION, gen3Profile } from '../canonical.js';
import { patientFlagFor, readPatientFlag } from './patient-flag.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const patientRef = { reference: 'urn:uuid:p' };

describe('PatientFlag', () => {
  it('reads back notes, id, Provenance and flag-detail references', () => {
    const flag = patientFlagFor(patientRef, [{ reference: 'urn:uuid:a', type: 'Flag' }], R, { notes: 'Flag notes', id: 'pf1' });
    expect(flag.meta?.profile).toEqual([gen3Profile.patientFlag]);
    const issues: OperationOutcomeIssue[] = [];
    expect(readPatientFlag(JSON.parse(JSON.stringify(flag)) as Record<string, unknown>, 'Flag', issues)).toEqual({
      details: { notes: 'Flag notes', id: 'pf1' },
      recorded: R,
      detailRefs: [{ reference: 'urn:uuid:a', at: 'Flag.extension[1].value.ofType(Reference)' }],
    });
    expect(issues).toEqual([]);
  });

  it('has no Provenance when nothing says who raised it, and reading that is no error (0..1 in Gen 3)', () => {
    const flag = patientFlagFor(patientRef, [], undefined);
    expect(flag.contained).toBeUndefined();
    expect(flag.extension?.filter((e) => e.url === FLAG_DETAIL_EXTENSION)).toBeUndefined();
    const issues: OperationOutcomeIssue[] = [];
    expect(readPatientFlag(flag as unknown as Record<string, unknown>, 'Flag', issues).recorded).toBeUndefined();
    expect(issues).toEqual([]);
  });
});
