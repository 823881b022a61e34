import { describe, expect, it } from 'vitest';
import { SDS_JOB_ROLE_SYSTEM } from '../canonical.js';
import { firstRecorded, patientFlagRecorded } from './patient-flag.js';
import type { Recorded } from './recorded.js';

const at = (ods: string): Recorded => ({ organisation: { odsCode: ods }, role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R0260' }, when: '2024-01-01T00:00:00Z' });
const empty = { adjustments: [], impairments: [], underlyingConditions: [], scr: { significantMedicalHistory: [], contacts: [] } };

describe('who recorded the PatientFlag', () => {
  it.each([
    ['the consent first', { ...empty, consent: { recorded: at('C') }, adjustments: [{ recorded: at('A') }] }, 'C'],
    ['then the first adjustment', { ...empty, adjustments: [{ recorded: at('A') }, { recorded: at('B') }], impairments: [{ recorded: at('I') }] }, 'A'],
    ['then the first impairment', { ...empty, impairments: [{ recorded: at('I') }], underlyingConditions: [{ recorded: at('U') }] }, 'I'],
    ['then an underlying condition', { ...empty, underlyingConditions: [{ recorded: at('U') }] }, 'U'],
    ['then SCR history', { ...empty, scr: { significantMedicalHistory: [{ recorded: at('S') }], contacts: [{ recorded: at('K') }] } }, 'S'],
    ['then an SCR contact', { ...empty, scr: { significantMedicalHistory: [], contacts: [{ recorded: at('K') }] } }, 'K'],
  ])('borrows from %s', (_, items, ods) => {
    expect(firstRecorded(items)?.organisation.odsCode).toBe(ods);
  });

  it('is undefined for a record with no items', () => {
    expect(firstRecorded(empty)).toBeUndefined();
  });

  it('prefers what the record says about the PatientFlag', () => {
    expect(patientFlagRecorded({ ...empty, adjustments: [{ recorded: at('A') }], patientFlag: { recorded: at('P') } })?.organisation.odsCode).toBe('P');
  });
});
