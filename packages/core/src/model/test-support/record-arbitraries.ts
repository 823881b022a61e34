/**
 * fast-check arbitraries for every part of an RaRecord: valid NHS numbers built with their check
 * digit, codes from the national lists, optional fields both present and absent (never undefined).
 */
import fc from 'fast-check';
import {
  adjustmentCategorySlugs,
  adjustmentCodes,
  consentBases,
  consentStates,
  impairmentSlugs,
  provenanceRoles,
} from '../../terminology/index.js';
import type { Adjustment } from '../adjustment.js';
import type { RaConsent, SharingPartner } from '../consent.js';
import type { Impairment } from '../impairment.js';
import { jsonEqual } from '../../fhir/json.js';
import { firstRecorded } from '../patient-flag.js';
import type { RaRecord } from '../ra-record.js';
import type { Recorded } from '../recorded.js';
import { contactKinds } from '../scr-information.js';

/** Ten digits whose last is the modulus 11 check digit of the first nine (NHS Data Dictionary). */
export const nhsNumberArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    return { digits, check };
  })
  .filter(({ check }) => check !== 10)
  .map(({ digits, check }) => `${digits.join('')}${check}`);

export const textArb = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /\S/.test(s));
const spineIdArb = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
const resourceIdArb = fc.stringMatching(/^[A-Za-z0-9\-.]{1,64}$/);
const snomedArb = fc.stringMatching(/^[1-9][0-9]{5,17}$/);
const phoneArb = fc.stringMatching(/^\+?[0-9][0-9 ()-]{2,20}$/);
const emailArb = fc.stringMatching(/^[a-z0-9]{1,10}@[a-z]{1,10}\.[a-z]{2,5}$/);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateParts = fc.record(
  { year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) },
  { noNullPrototype: true },
);

export const instantArb = fc
  .tuple(
    dateParts,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('', '.5', '.123'),
    fc.constantFrom('Z', '+00:00', '+01:00', '-05:30'),
  )
  .map(([d, h, m, s, fraction, zone]) => `${d.year}-${pad(d.month)}-${pad(d.day)}T${pad(h)}:${pad(m)}:${pad(s)}${fraction}${zone}`);

export const dateArb = fc
  .tuple(dateParts, fc.constantFrom('year', 'month', 'day'))
  .map(([d, precision]) =>
    precision === 'year' ? `${d.year}` : precision === 'month' ? `${d.year}-${pad(d.month)}` : `${d.year}-${pad(d.month)}-${pad(d.day)}`,
  );

export const recordedArb: fc.Arbitrary<Recorded> = fc.record(
  {
    practitioner: fc.record({ sdsId: spineIdArb, name: textArb }, { noNullPrototype: true, requiredKeys: ['sdsId'] }),
    organisation: fc.record({ odsCode: spineIdArb, name: textArb }, { noNullPrototype: true, requiredKeys: ['odsCode'] }),
    role: fc.constantFrom(...provenanceRoles).map((r) => ({ system: r.system, code: r.code })),
    when: instantArb,
  },
  { noNullPrototype: true, requiredKeys: ['organisation', 'role', 'when'] },
);

const codedAdjustmentCodes = (category: (typeof adjustmentCategorySlugs)[number]) =>
  adjustmentCodes(category)
    .filter((c) => c.inR4RAFlagCode)
    .map((c) => c.code);

export const adjustmentArb: fc.Arbitrary<Adjustment> = fc.constantFrom(...adjustmentCategorySlugs).chain((category): fc.Arbitrary<Adjustment> =>
  category === 'bespoke-reasonable-adjustments'
    ? fc.record(
        { category: fc.constant(category), description: textArb, notes: textArb, recorded: recordedArb, id: resourceIdArb },
        { noNullPrototype: true, requiredKeys: ['category', 'description', 'recorded'] },
      )
    : fc.record(
        {
          category: fc.constant(category),
          code: fc.constantFrom(...codedAdjustmentCodes(category)),
          notes: textArb,
          recorded: recordedArb,
          id: resourceIdArb,
        },
        { noNullPrototype: true, requiredKeys: ['category', 'code', 'recorded'] },
      ),
);

export const impairmentArb: fc.Arbitrary<Impairment> = fc.constantFrom(...impairmentSlugs).chain((code) =>
  fc.record(
    { code: fc.constant(code), text: textArb, recorded: recordedArb, id: resourceIdArb },
    { noNullPrototype: true, requiredKeys: code === 'other' ? ['code', 'text', 'recorded'] : ['code', 'recorded'] },
  ),
);

const underlyingArb = fc.record(
  { code: snomedArb, display: textArb, recorded: recordedArb, id: resourceIdArb },
  { noNullPrototype: true, requiredKeys: ['code', 'recorded'] },
);

const partnersArb: fc.Arbitrary<{ permit: SharingPartner[]; deny: SharingPartner[] }> = fc
  .uniqueArray(fc.record({ odsCode: spineIdArb, name: textArb }, { noNullPrototype: true, requiredKeys: ['odsCode'] }), {
    selector: (p) => p.odsCode.toUpperCase(),
    maxLength: 5,
  })
  .chain((partners) =>
    fc.integer({ min: 0, max: partners.length }).map((split) => ({ permit: partners.slice(0, split), deny: partners.slice(split) })),
  );

export const consentArb: fc.Arbitrary<RaConsent> = fc.constantFrom(...consentBases).chain((basis) =>
  fc.record(
    {
      basis: fc.constant(basis),
      state: fc.constantFrom(...consentStates),
      bestInterestSummary: textArb,
      removalSummary: textArb,
      recorded: recordedArb,
      sharing: partnersArb,
      id: resourceIdArb,
    },
    {
      noNullPrototype: true,
      requiredKeys:
        basis === 'best-interest' ? ['basis', 'state', 'bestInterestSummary', 'recorded', 'sharing'] : ['basis', 'state', 'recorded', 'sharing'],
    },
  ),
);

const scrArb = fc.record(
  {
    significantMedicalHistory: fc.array(
      fc.record(
        { code: snomedArb, display: textArb, onset: dateArb, note: textArb, recorded: recordedArb, id: resourceIdArb },
        { noNullPrototype: true, requiredKeys: ['code', 'display', 'recorded'] },
      ),
      { maxLength: 2 },
    ),
    healthActionPlan: fc.record(
      { planDate: dateArb, summary: textArb, sharedWith: fc.array(textArb, { maxLength: 3 }), recorded: recordedArb, id: resourceIdArb },
      { noNullPrototype: true, requiredKeys: ['planDate', 'summary', 'sharedWith', 'recorded'] },
    ),
    careCoordinator: fc.record(
      {
        name: textArb,
        role: textArb,
        organisation: fc.record({ name: textArb, odsCode: spineIdArb }, { noNullPrototype: true, requiredKeys: ['name'] }),
        phone: phoneArb,
        email: emailArb,
        recorded: recordedArb,
        id: resourceIdArb,
      },
      { noNullPrototype: true, requiredKeys: ['name', 'recorded'] },
    ),
    endOfLifePreferences: fc.record(
      { text: textArb, date: dateArb, recorded: recordedArb, id: resourceIdArb },
      { noNullPrototype: true, requiredKeys: ['text', 'recorded'] },
    ),
    contacts: fc.array(
      fc.record(
        {
          kind: fc.constantFrom(...contactKinds),
          name: textArb,
          relationship: textArb,
          phone: phoneArb,
          recorded: recordedArb,
          id: resourceIdArb,
        },
        { noNullPrototype: true, requiredKeys: ['kind', 'name', 'recorded'] },
      ),
      { maxLength: 2 },
    ),
  },
  { noNullPrototype: true, requiredKeys: ['significantMedicalHistory', 'contacts'] },
);

const patientArb = fc.record(
  {
    nhsNumber: nhsNumberArb,
    localId: textArb,
    name: fc.oneof(
      fc.record({ family: textArb, given: fc.array(textArb, { minLength: 1, maxLength: 3 }) }, { noNullPrototype: true, requiredKeys: ['family'] }),
      fc.record({ given: fc.array(textArb, { minLength: 1, maxLength: 3 }) }, { noNullPrototype: true }),
    ),
    id: resourceIdArb,
  },
  { noNullPrototype: true, requiredKeys: ['nhsNumber'] },
);

/**
 * A PatientFlag recorded exactly like the record's first item means the same as no `recorded`, so
 * the canonical record leaves it out (and leaves out an empty `patientFlag`).
 */
function canonical(record: RaRecord): RaRecord {
  const { patientFlag, ...rest } = record;
  if (patientFlag === undefined) return record;
  const { recorded, ...flag } = patientFlag;
  const same = recorded !== undefined && jsonEqual(recorded, firstRecorded(rest));
  const kept = same || recorded === undefined ? flag : { ...flag, recorded };
  return Object.keys(kept).length > 0 ? { ...rest, patientFlag: kept } : rest;
}

export const raRecordArb: fc.Arbitrary<RaRecord> = fc
  .record(
    {
      patient: patientArb,
      patientFlag: fc.record({ recorded: recordedArb, notes: textArb, id: resourceIdArb }, { noNullPrototype: true, requiredKeys: [] }),
      adjustments: fc.array(adjustmentArb, { maxLength: 4 }),
      impairments: fc.array(impairmentArb, { maxLength: 3 }),
      underlyingConditions: fc.array(underlyingArb, { maxLength: 2 }),
      consent: consentArb,
      scr: scrArb,
    },
    { noNullPrototype: true, requiredKeys: ['patient', 'adjustments', 'impairments', 'underlyingConditions', 'scr'] },
  )
  .map(canonical)
  // A record with no item and no PatientFlag provenance is invalid; generate only valid ones.
  .filter((record) => record.patientFlag?.recorded !== undefined || firstRecorded(record) !== undefined);
