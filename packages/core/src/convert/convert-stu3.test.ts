import type { Bundle } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../outcome/outcome.js';
import { validate } from '../validate/validate.js';
import { convertStu3, type Stu3Conversion } from './convert-stu3.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import { issueSummary, NHS_NUMBER, PATIENT_URL, RECORDED, SDS_ROLE_SYSTEM } from './test-support/stu3-builders.js';

const F01 = '01-flag-stu3-RARecord-Flag-1-example-1.json';
const F02 = '02-consent-stu3-RARecord-Consent-1-example-1-lpa.json';
const F03 = '03-list-condition-stu3-api-createList.json';
const F04 = '04-parameters-stu3-api-removerarecord.json';

/** Who recorded things in the API's own examples (WEST POTTERGATE, Consultant). */
const API_RECORDED = {
  practitioner: { sdsId: '093895563513', name: 'Healthchecks,Morning' },
  organisation: { odsCode: 'D82106', name: 'WEST POTTERGATE HLTH CTR (D82106)' },
  role: { system: SDS_ROLE_SYSTEM, code: 'R0050' },
} as const;
const EMPTY_SCR = { significantMedicalHistory: [], contacts: [] };
const NO_SHARING = { permit: [], deny: [] };
const EXT_CATEGORY = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-AdjustmentCategory-1';

const convert = (input: unknown, options = {}): Stu3Conversion => convertStu3(input, options);
const issuesOf = (conversion: Stu3Conversion) => issueSummary(conversion.outcome.issue);
const profilesIn = (bundle: Bundle) =>
  (bundle.entry ?? []).map((e) => [e.resource?.resourceType, e.resource?.meta?.profile?.[0], e.request?.method]);
const bundleErrors = (conversion: Stu3Conversion) =>
  conversion.kind === 'record' ? issueSummary(errorsOf(validate(conversion.bundle))) : ['no bundle'];

const OK = [['ok', 'information', undefined]];
const PATIENT = ['Patient', undefined, 'POST'];
const PATIENT_FLAG = ['Flag', 'https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag', 'POST'];
const ADJUSTMENT = ['Flag', 'https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment', 'POST'];
const CONDITION = ['Condition', 'https://fhir.nhs.uk/England/StructureDefinition/England-Condition-Flag', 'POST'];
const CONSENT = ['Consent', 'https://raflag.dev/fhir/StructureDefinition/RA-Consent', 'POST'];

describe('convertStu3: the national STU3 payloads', () => {
  it('01 Flag: no subject, so no record, but the normalised SNOMED system is still reported', () => {
    const result = convert(nationalFixtureObject(F01));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.normalised', 'information', 'Flag.code.coding[0].system'],
      ['mapping.no-patient', 'error', 'Flag.subject'],
    ]);
  });

  it('01 Flag given a subject: its category (001) does not hold its code (Easyread is 004), so nothing is carried', () => {
    const result = convert({ ...nationalFixtureObject(F01), subject: { reference: PATIENT_URL } });
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.normalised', 'information', 'Flag.code.coding[0].system'],
      ['mapping.record-code-not-in-category', 'error', 'Flag.code.coding[0].code'],
      ['mapping.not-carried', 'error', 'Flag'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it('01 Flag given a subject and category 4 (unpadded): one adjustment, and a valid R4 Bundle', () => {
    const input = {
      ...nationalFixtureObject(F01),
      subject: { reference: PATIENT_URL },
      extension: [{ url: EXT_CATEGORY, valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-AdjustmentCategory-1', code: '4' }] } }],
    };
    const result = convert(input);
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record).toEqual({
      patient: { nhsNumber: NHS_NUMBER },
      adjustments: [{ category: 'requires-specific-information-format', code: '796161000000101', recorded: RECORDED }],
      impairments: [],
      underlyingConditions: [],
      scr: EMPTY_SCR,
    });
    expect(issuesOf(result)).toEqual([['mapping.normalised', 'information', 'Flag.code.coding[0].system']]);
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, ADJUSTMENT]);
    expect(JSON.stringify(result.bundle)).not.toContain('https://snomed.info/sct');
    expect(bundleErrors(result)).toEqual([]);
  });

  it('02 Consent: no patient and legacy fhir_comments, so no record, with everything reported', () => {
    const result = convert(nationalFixtureObject(F02));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.fhir_comments'],
      ['mapping.not-carried', 'warning', 'Consent.policy[0].fhir_comments'],
      ['mapping.no-patient', 'error', 'Consent.patient'],
    ]);
  });

  it('02 Consent given a patient: an LPA consent, and a valid R4 Bundle', () => {
    const result = convert({ ...nationalFixtureObject(F02), patient: { reference: PATIENT_URL } });
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record).toEqual({
      patient: { nhsNumber: NHS_NUMBER },
      adjustments: [],
      impairments: [],
      underlyingConditions: [],
      consent: { basis: 'lasting-power-of-attorney', state: 'given', recorded: RECORDED, sharing: NO_SHARING },
      scr: EMPTY_SCR,
    });
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, CONSENT]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('03 List: impairment 9 (social) with its note, recorded by the Provenance beside it', () => {
    const result = convert(nationalFixtureObject(F03));
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record).toEqual({
      patient: { nhsNumber: NHS_NUMBER },
      adjustments: [],
      impairments: [{ code: 'social', text: 'Some notes', recorded: { ...API_RECORDED, when: '2021-02-25T10:39:10+00:00' } }],
      underlyingConditions: [],
      scr: EMPTY_SCR,
    });
    expect(issuesOf(result)).toEqual([['mapping.not-carried', 'warning', 'List.contained[0].extension[0]']]);
    expect(result.outcome.issue[0]?.details?.text).toBe(
      'Not carried into the R4 record: the retired Extension-RARecord-Provenance-1 (the Provenance it names is read instead).',
    );
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, CONDITION]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('04 $removerarecord: a removal of the whole record', () => {
    const result = convert(nationalFixtureObject(F04));
    expect(result).toEqual({
      kind: 'removal',
      removal: {
        nhsNumber: NHS_NUMBER,
        reason: { system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReason-1', code: 'DoesntApply' },
        comment: 'No longer applies',
      },
      outcome: expect.objectContaining({ resourceType: 'OperationOutcome' }),
    });
    expect(issuesOf(result)).toEqual(OK);
  });

  it('04 with the lower-case parameter name of the IG example reads the same', () => {
    const input = nationalFixtureObject(F04);
    const [parameter] = input.parameter as Record<string, unknown>[];
    const result = convert({ ...input, parameter: [{ ...parameter, name: 'removerarecord' }] });
    expect(result.kind).toBe('removal');
  });
});

describe('convertStu3: the extra STU3 payloads', () => {
  it('api-createConsent (a request body): Spine added the Provenance, so nothing is carried', () => {
    const result = convert(nationalFixtureObject('extra/api-createConsent.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'error', 'Consent.contained'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it("api-createConsent with the caller's default for who recorded it: an LPA consent", () => {
    const recordedFallback = { ...API_RECORDED, when: '2021-03-17T15:52:14+00:00' };
    const result = convert(nationalFixtureObject('extra/api-createConsent.json'), { recordedFallback });
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record.consent).toEqual({ basis: 'lasting-power-of-attorney', state: 'given', recorded: recordedFallback, sharing: NO_SHARING });
    expect(issuesOf(result)).toEqual([['mapping.normalised', 'information', 'Consent.contained']]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it.each([
    ['extra/api-createConsentResponse.json', 'Consent.extension[1]'],
    ['extra/api-readConsentResponse.json', 'Bundle.entry[0].resource.extension[1]'],
  ])('%s: the patient consent Spine returned', (file, retiredExtension) => {
    const result = convert(nationalFixtureObject(file));
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record).toEqual({
      patient: { nhsNumber: NHS_NUMBER },
      adjustments: [],
      impairments: [],
      underlyingConditions: [],
      consent: { basis: 'patient', state: 'given', recorded: { ...API_RECORDED, when: '2021-03-17T15:52:14+00:00' }, sharing: NO_SHARING },
      scr: EMPTY_SCR,
    });
    expect(issuesOf(result)).toEqual([['mapping.not-carried', 'warning', retiredExtension]]);
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, CONSENT]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('api-createFlag (a request body): no Provenance, and a subject without https://', () => {
    const result = convert(nationalFixtureObject('extra/api-createFlag.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.normalised', 'information', 'Flag.code.coding[0].system'],
      ['mapping.not-carried', 'error', 'Flag.contained'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it("api-createFlag with the caller's default: an Afar interpreter (006), and a valid R4 Bundle", () => {
    const recordedFallback = { ...API_RECORDED, when: '2021-03-17T15:52:14Z' };
    const result = convert(nationalFixtureObject('extra/api-createFlag.json'), { recordedFallback });
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record.patient).toEqual({ nhsNumber: NHS_NUMBER });
    expect(result.record.adjustments).toEqual([{ category: 'community-language-support', code: '362691000000102', recorded: recordedFallback }]);
    expect(issuesOf(result)).toEqual([
      ['mapping.normalised', 'information', 'Flag.code.coding[0].system'],
      ['mapping.normalised', 'information', 'Flag.contained'],
    ]);
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, ADJUSTMENT]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('an item recorded by an organisation only (the record model allows it) also gives a valid R4 Bundle', () => {
    const recordedFallback = { organisation: { odsCode: 'D82106' }, role: { system: SDS_ROLE_SYSTEM, code: 'R0050' }, when: '2021-03-17T15:52:14Z' };
    const result = convert(nationalFixtureObject('extra/api-createFlag.json'), { recordedFallback });
    expect(result.kind).toBe('record');
    expect(bundleErrors(result)).toEqual([]);
  });

  it('api-updateFlag: an inactive (removed) adjustment is not carried, so there is no record', () => {
    const result = convert(nationalFixtureObject('extra/api-updateFlag.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'warning', 'Flag.status'],
      ['mapping.not-carried', 'warning', 'Flag.extension[0]'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it('api-removerarecordResponse: an OperationOutcome is not a record payload', () => {
    const result = convert(nationalFixtureObject('extra/api-removerarecordResponse.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([['mapping.stu3-unrecognised', 'error', undefined]]);
  });

  it('condition-stu3 example: impairment 5 but no subject, so no record', () => {
    const result = convert(nationalFixtureObject('extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([['mapping.no-patient', 'error', 'Condition.subject']]);
  });

  it('condition-stu3 example given a subject: a learning impairment, and a valid R4 Bundle', () => {
    const input = { ...nationalFixtureObject('extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json'), subject: { reference: PATIENT_URL } };
    const result = convert(input);
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record.impairments).toEqual([{ code: 'learning', recorded: RECORDED }]);
    expect(issuesOf(result)).toEqual(OK);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('consent-stu3 example 2: a patient consent with no patient and legacy comments', () => {
    const result = convert(nationalFixtureObject('extra/consent-stu3-RARecord-Consent-1-example-2-patient.json'));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent._id'],
      ['mapping.not-carried', 'warning', 'Consent.fhir_comments'],
      ['mapping.not-carried', 'warning', 'Consent.policy[0].fhir_comments'],
      ['mapping.no-patient', 'error', 'Consent.patient'],
    ]);
  });

  it.each([
    F01, F02, F03, F04,
    'extra/api-createConsent.json', 'extra/api-createConsentResponse.json', 'extra/api-createFlag.json',
    'extra/api-readConsentResponse.json', 'extra/api-updateFlag.json',
    'extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json',
    'extra/consent-stu3-RARecord-Consent-1-example-2-patient.json',
  ])('%s: the outcome repeats no patient or staff data', (file) => {
    const text = JSON.stringify(convert(nationalFixtureObject(file)).outcome);
    for (const value of [NHS_NUMBER, 'Dr.D', 'Healthchecks', 'Some notes', 'No longer applies', 'Large Print', 'directly lifted']) {
      expect(text).not.toContain(value);
    }
  });
});

describe('convertStu3: anything else', () => {
  it.each([
    '05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json',
    '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json',
    'extra/r4-ra-sandbox-RAFlagExample2.json',
    'extra/r4-ra-sandbox-RAConsentExampleRevoked.json',
  ])('%s is R4, so it is not converted', (file) => {
    const result = convert(nationalFixtureObject(file));
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([['mapping.stu3-unrecognised', 'error', undefined]]);
  });

  it.each([
    null,
    42,
    'Flag',
    [],
    {},
    { resourceType: 'Flag', category: {}, extension: 'x', contained: [null, 1], code: 5, status: [] },
    { resourceType: 'List', contained: [{ resourceType: 'Condition', clinicalStatus: 'active', code: [] }], entry: [null], status: 'current' },
    { resourceType: 'Consent', purpose: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConsentPurpose-1' }], extension: [{}], policy: 'x' },
    { resourceType: 'Parameters', parameter: [{ name: 'removeRARecord', part: 'x' }] },
    { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Flag', category: {} } }, 'x'] },
  ])('answers %j with an outcome and never throws', (input) => {
    const result = convert(input);
    expect(result.kind).toBe('none');
    expect(result.outcome.issue.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'the invalid SCTID 7961610000001018 of the API read examples',
      { code: { coding: [{ system: 'http://snomed.info/sct', code: '7961610000001018' }] } },
      'Flag.code.coding[0].code',
    ],
    [
      'a legacy local adjustment code',
      { code: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-IndividualCareRequirement-1', code: '008_002' }] } },
      'Flag.code',
    ],
  ])('does not carry an adjustment coded with %s, and says nothing was left', (_label, overrides, expression) => {
    const input = { ...nationalFixtureObject(F01), subject: { reference: PATIENT_URL }, ...overrides };
    const result = convert(input);
    expect(result.kind).toBe('none');
    expect(issuesOf(result).filter(([, severity]) => severity !== 'warning')).toEqual([
      ['mapping.not-carried', 'error', expression],
    ]);
    expect(issuesOf(result).at(-1)).toEqual(['mapping.stu3-nothing-to-carry', 'warning', undefined]);
  });

  it('does not carry a consent given under the legacy proxy role lpa', () => {
    const input = {
      ...nationalFixtureObject(F02),
      patient: { reference: PATIENT_URL },
      extension: [
        {
          url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-ProxyRole-1',
          valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/CodeSystem-RARecord-ProxyRole-1', code: 'lpa' }] },
        },
      ],
    };
    const result = convert(input);
    expect(result.kind).toBe('none');
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.fhir_comments'],
      ['mapping.not-carried', 'warning', 'Consent.policy[0].fhir_comments'],
      ['mapping.not-carried', 'error', 'Consent.extension[0].value.ofType(CodeableConcept).coding[0].code'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it('converts a whole STU3 record exported as a Bundle into one R4 record', () => {
    const consent = nationalFixtureObject('extra/api-createConsentResponse.json');
    const list = nationalFixtureObject(F03);
    const flag = { ...nationalFixtureObject('extra/api-updateFlag.json'), status: 'active', extension: undefined };
    const categoryExt = { url: EXT_CATEGORY, valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-AdjustmentCategory-1', code: '006' }] } };
    const input = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: consent }, { resource: { ...flag, extension: [categoryExt] } }, { resource: list }],
    };
    const result = convert(input);
    expect(result.kind).toBe('record');
    if (result.kind !== 'record') return;
    expect(result.record.consent?.basis).toBe('patient');
    expect(result.record.adjustments.map((a) => [a.category, 'code' in a ? a.code : undefined])).toEqual([
      ['community-language-support', '362691000000102'],
    ]);
    expect(result.record.impairments.map((i) => i.code)).toEqual(['social']);
    expect(issuesOf(result)).toEqual([
      ['mapping.not-carried', 'warning', 'Bundle.entry[0].resource.extension[1]'],
      ['mapping.not-carried', 'warning', 'Bundle.entry[2].resource.contained[0].extension[0]'],
    ]);
    expect(profilesIn(result.bundle)).toEqual([PATIENT, PATIENT_FLAG, CONSENT, ADJUSTMENT, CONDITION]);
    expect(bundleErrors(result)).toEqual([]);
  });

  it('makes the Bundle fullUrls with the given uuid function', () => {
    let n = 0;
    const result = convertStu3(nationalFixtureObject(F03), { uuid: () => `00000000-0000-4000-8000-00000000000${++n}` });
    expect(result.kind === 'record' ? result.bundle.entry?.map((e) => e.fullUrl) : []).toEqual([
      'urn:uuid:00000000-0000-4000-8000-000000000001',
      'urn:uuid:00000000-0000-4000-8000-000000000002',
      'urn:uuid:00000000-0000-4000-8000-000000000003',
    ]);
  });
});
