import { describe, expect, it } from 'vitest';
import { SDS_JOB_ROLE_SYSTEM } from '../canonical.js';
import { parseRecord } from './parse-record.js';

const recorded = { organisation: { odsCode: 'Y12345' }, role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R0260' }, when: '2024-05-01T09:30:00Z' };
const adjustment = { category: 'communication-support', code: '1082681000000103', recorded };
const base = { patient: { nhsNumber: '9912003888' }, adjustments: [adjustment] };

/** `id expression` of every issue, or 'ok'. */
function problems(input: unknown): string[] {
  const result = parseRecord(input);
  return result.ok ? ['ok'] : result.outcome.issue.map((i) => `${i.details?.coding?.[0]?.code ?? '?'} ${i.expression?.[0] ?? '-'}`);
}

describe('parseRecord: valid records', () => {
  it('fills in the empty lists and leaves optional fields absent', () => {
    const result = parseRecord(base);
    expect(result).toStrictEqual({
      ok: true,
      record: {
        patient: { nhsNumber: '9912003888' },
        adjustments: [adjustment],
        impairments: [],
        underlyingConditions: [],
        scr: { significantMedicalHistory: [], contacts: [] },
      },
    });
  });

  it('drops undefined-valued keys at every depth', () => {
    const result = parseRecord({
      ...base,
      patient: { nhsNumber: '9912003888', localId: undefined },
      adjustments: [{ ...adjustment, notes: undefined, recorded: { ...recorded, practitioner: undefined } }],
      consent: undefined,
    });
    expect(result.ok && result.record.patient).toStrictEqual({ nhsNumber: '9912003888' });
    expect(result.ok && result.record.adjustments[0]).toStrictEqual(adjustment);
    expect(result.ok && 'consent' in result.record).toBe(false);
  });

  it('accepts a bespoke adjustment with a description and no code', () => {
    const bespoke = { category: 'bespoke-reasonable-adjustments', description: 'Quiet room', recorded };
    expect(problems({ ...base, adjustments: [bespoke] })).toEqual(['ok']);
  });

  it('accepts a record with no items when the PatientFlag says who raised it', () => {
    expect(problems({ patient: { nhsNumber: '9912003888' }, patientFlag: { recorded } })).toEqual(['ok']);
  });
});

describe('parseRecord: each rule names the failing place in the record', () => {
  it.each([
    ['NHS number with a wrong check digit', { ...base, patient: { nhsNumber: '9912003881' } }, 'business.nhs-number-check-digit RaRecord.patient.nhsNumber'],
    ['NHS number of nine digits', { ...base, patient: { nhsNumber: '991200388' } }, 'business.nhs-number-format RaRecord.patient.nhsNumber'],
    [
      'bespoke adjustment without a description',
      { ...base, adjustments: [adjustment, { category: 'bespoke-reasonable-adjustments', recorded }] },
      'mapping.record-bespoke-description RaRecord.adjustments[1].description',
    ],
    [
      'bespoke adjustment with a code',
      { ...base, adjustments: [{ category: 'bespoke-reasonable-adjustments', description: 'x', code: '1108111000000107', recorded }] },
      'mapping.record-not-allowed RaRecord.adjustments[0].code',
    ],
    [
      'best-interest consent without a summary',
      { ...base, consent: { basis: 'best-interest', state: 'given', recorded } },
      'profile.best-interest-summary-required RaRecord.consent.bestInterestSummary',
    ],
    [
      'code from another category (Afar interpreter is community language support)',
      { ...base, adjustments: [{ ...adjustment, code: '362691000000102' }] },
      'mapping.record-code-not-in-category RaRecord.adjustments[0].code',
    ],
    ['coded adjustment without a code', { ...base, adjustments: [{ category: 'communication-support', recorded }] }, 'mapping.record-required RaRecord.adjustments[0].code'],
    ['unknown adjustment category', { ...base, adjustments: [{ ...adjustment, category: '001' }] }, 'mapping.record-invalid-code RaRecord.adjustments[0].category'],
    ['other impairment without text', { ...base, impairments: [{ code: 'other', recorded }] }, 'mapping.record-other-impairment-text RaRecord.impairments[0].text'],
    ['impairment code 11, which never existed', { ...base, impairments: [{ code: '11', recorded }] }, 'mapping.record-invalid-code RaRecord.impairments[0].code'],
    ['role outside the provenance-role list', { ...base, adjustments: [{ ...adjustment, recorded: { ...recorded, role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R9999' } } }] }, 'mapping.record-invalid-code RaRecord.adjustments[0].recorded.role'],
    ['recorded time without a zone', { ...base, adjustments: [{ ...adjustment, recorded: { ...recorded, when: '2024-05-01T09:30:00' } }] }, 'mapping.record-invalid-format RaRecord.adjustments[0].recorded.when'],
    ['adjustment without recorded', { ...base, adjustments: [{ category: 'communication-support', code: '1082681000000103' }] }, 'mapping.record-required RaRecord.adjustments[0].recorded'],
    ['blank notes', { ...base, adjustments: [{ ...adjustment, notes: '   ' }] }, 'mapping.record-empty RaRecord.adjustments[0].notes'],
    ['unknown element', { ...base, patient: { nhsNumber: '9912003888', colour: 'blue' } }, 'mapping.record-unknown-element RaRecord.patient.colour'],
    ['number where text belongs', { ...base, patient: { nhsNumber: 9912003888 } }, 'mapping.record-wrong-type RaRecord.patient.nhsNumber'],
    ['nothing to say who raised the flag', { patient: { nhsNumber: '9912003888' } }, 'mapping.record-required RaRecord.patientFlag.recorded'],
    [
      'a partner both permitted and denied',
      { ...base, consent: { basis: 'patient', state: 'given', recorded, sharing: { permit: [{ odsCode: 'ABC' }], deny: [{ odsCode: 'abc' }] } } },
      'mapping.record-sharing-conflict RaRecord.consent.sharing.deny[0]',
    ],
    [
      'a partner named twice',
      { ...base, consent: { basis: 'patient', state: 'given', recorded, sharing: { permit: [{ odsCode: 'ABC' }, { odsCode: 'ABC' }] } } },
      'mapping.record-duplicate-partner RaRecord.consent.sharing.permit[1]',
    ],
    ['a name with neither family nor given', { ...base, patient: { nhsNumber: '9912003888', name: {} } }, 'mapping.record-required RaRecord.patient.name.family'],
    ['a contact of unknown kind', { ...base, scr: { contacts: [{ kind: 'neighbour', name: 'x', recorded }] } }, 'mapping.record-invalid-code RaRecord.scr.contacts[0].kind'],
    ['an ODS code with a slash', { ...base, adjustments: [{ ...adjustment, recorded: { ...recorded, organisation: { odsCode: 'A/B' } } }] }, 'mapping.record-invalid-format RaRecord.adjustments[0].recorded.organisation.odsCode'],
  ])('%s', (_, input, expected) => {
    expect(problems(input)).toEqual([expected]);
  });

  it('reports every problem at once, across the record', () => {
    expect(
      problems({
        patient: { nhsNumber: '9912003881' },
        adjustments: [{ category: 'bespoke-reasonable-adjustments', recorded }],
        consent: { basis: 'best-interest', state: 'given', recorded },
      }),
    ).toEqual([
      'business.nhs-number-check-digit RaRecord.patient.nhsNumber',
      'mapping.record-bespoke-description RaRecord.adjustments[0].description',
      'profile.best-interest-summary-required RaRecord.consent.bestInterestSummary',
    ]);
  });

  it('answers something that is not a record at the root', () => {
    expect(problems('a string')).toEqual(['mapping.record-wrong-type RaRecord']);
  });

  it('never echoes a submitted value in the outcome', () => {
    const result = parseRecord({
      patient: { nhsNumber: '9912003881', localId: 7 },
      adjustments: [{ ...adjustment, code: '362691000000102', notes: '   ', recorded: { ...recorded, when: 'yesterday-ish' } }],
    });
    const text = JSON.stringify(result);
    for (const value of ['9912003881', '362691000000102', 'yesterday-ish']) expect(text).not.toContain(value);
  });
});
