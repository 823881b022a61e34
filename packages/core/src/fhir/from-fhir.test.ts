import { describe, expect, it } from 'vitest';
import type { RaRecord } from '../model/ra-record.js';
import { fromFhir } from './from-fhir.js';
import { toFhir } from './to-fhir.js';
import { counterUuid, exampleRecorded as R, fixtures, issuesOf } from './test-support/fixtures.js';

const noScr = { significantMedicalHistory: [], contacts: [] };

describe('fromFhir: national examples', () => {
  it('reads the Gen 3 Patient Flag IG transaction (fixture 05)', () => {
    const { record, outcome } = fromFhir(fixtures.gen3Bundle());
    const expected: RaRecord = {
      patient: { nhsNumber: '9912003888', name: { family: 'Mann', given: ['Alan'] }, id: 'PatientFlag-AlanMann-Example' },
      // Its Provenance says what the first item's says, so it is derived, not kept.
      patientFlag: { notes: 'Example of flag notes extension text in patient flag', id: 'RA-PatientFlag-Example' },
      adjustments: [
        {
          category: 'communication-support',
          code: '1082681000000103',
          notes: 'Example of flag notes extension text in adjustment flag',
          recorded: R,
          id: 'RA-Flag-Example',
        },
      ],
      impairments: [{ code: 'learning', recorded: R, id: 'RA-Condition-Example' }],
      underlyingConditions: [],
      scr: noScr,
    };
    expect(record).toStrictEqual(expected);
    // The defects the fixture README lists, each reported where it is; gender and birthDate are not carried.
    expect(issuesOf(outcome)).toEqual([
      'warning mapping.unmapped-element Bundle.entry[0].resource.gender',
      'warning mapping.unmapped-element Bundle.entry[0].resource.birthDate',
      'warning profile.extension-url-old Bundle.entry[2].resource.extension[0].url',
      'warning terminology.snomed-https Bundle.entry[3].resource.code.coding[0].system',
      'warning profile.extension-url-old Bundle.entry[3].resource.extension[0].url',
      'warning business.flag-detail-unresolved Bundle.entry[2].resource.extension[2].value.ofType(Reference)',
    ]);
  });

  it('reads the Gen 2 ra-sandbox transaction with its FlagConsent (fixture 06)', () => {
    const { record, outcome } = fromFhir(fixtures.gen2Bundle());
    const expected: RaRecord = {
      patient: { nhsNumber: '9912003888', name: { family: 'Mann', given: ['Alan'] }, id: 'PatientExample1' },
      patientFlag: { notes: 'Example of flag notes extension text in patient flag', id: 'RAPatientFlagExample1' },
      adjustments: [
        {
          category: 'communication-support',
          code: '1082681000000103',
          notes: 'Example of flag notes extension text in adjustment flag',
          recorded: R,
          id: 'RAFlagExample1',
        },
      ],
      impairments: [{ code: 'learning', recorded: R, id: 'RAConditionExample1' }],
      underlyingConditions: [],
      consent: {
        basis: 'patient',
        state: 'given',
        bestInterestSummary: 'Example of consent create summary extension text',
        removalSummary: 'Example of consent remove summary extension text',
        recorded: R,
        sharing: { permit: [], deny: [] },
        id: 'RAConsentExample1',
      },
      scr: noScr,
    };
    expect(record).toStrictEqual(expected);
    expect(issuesOf(outcome)).toEqual([
      'warning mapping.unmapped-element Bundle.entry[0].resource.gender',
      'warning mapping.unmapped-element Bundle.entry[0].resource.birthDate',
      'warning mapping.unmapped-element Bundle.entry[1].resource.policy',
      'warning profile.extension-url-old Bundle.entry[1].resource.extension[0].url',
      'warning profile.extension-url-old Bundle.entry[1].resource.extension[1].url',
      'warning profile.extension-url-old Bundle.entry[3].resource.extension[0].url',
      'warning terminology.snomed-https Bundle.entry[4].resource.code.coding[0].system',
      'warning profile.extension-url-old Bundle.entry[4].resource.extension[0].url',
    ]);
  });

  it('reads a Gen 2 FlagCondition (impairment 9) given the NHS number it lacks', () => {
    const { record, outcome } = fromFhir(fixtures.gen2Condition(), { nhsNumber: '9912003888' });
    expect(record).toStrictEqual({
      patient: { nhsNumber: '9912003888' },
      adjustments: [],
      impairments: [{ code: 'social', recorded: R, id: 'RAConditionExample2' }],
      underlyingConditions: [],
      scr: noScr,
    });
    expect(issuesOf(outcome)).toEqual(['information ok -']);
  });

  it.each([
    ['dissent', fixtures.gen2Dissent(), 'refused', []],
    ['revoked', fixtures.gen2Revoked(), 'withdrawn', ['warning mapping.not-carried Consent.contained[0].activity']],
  ] as const)('reads the Gen 2 %s consent: the purpose decides the state although status stays active', (_, consent, state, extra) => {
    const { record, outcome } = fromFhir(consent, { nhsNumber: '9912003888' });
    expect(record?.consent).toStrictEqual({
      basis: 'patient',
      state,
      bestInterestSummary: 'Example of consent create summary extension text',
      removalSummary: 'Example of consent remove summary extension text',
      recorded: R,
      sharing: { permit: [], deny: [] },
      id: consent.id,
    });
    expect(issuesOf(outcome)).toEqual([
      'warning mapping.unmapped-element Consent.policy',
      'information mapping.normalised Consent.status',
      'warning profile.extension-url-old Consent.extension[0].url',
      'warning profile.extension-url-old Consent.extension[1].url',
      ...extra,
    ]);
  });

  it('refuses the Gen 2 bespoke example whose code is not the bespoke concept, and says where', () => {
    const { record, outcome } = fromFhir(fixtures.gen2BespokeFlag(), { nhsNumber: '9912003888' });
    expect(issuesOf(outcome)).toEqual([
      'warning terminology.snomed-https Flag.code.coding[0].system',
      'warning profile.extension-url-old Flag.extension[0].url',
      'error profile.code-not-for-category Flag.code.coding[0]',
      // With the adjustment unread there is nothing to say who raised the flag.
      'error mapping.record-required RaRecord.patientFlag.recorded',
    ]);
    expect(outcome.issue[2]?.details?.text).toBe('The adjustment code does not belong to the adjustment category given in category[1].');
    expect(record).toBeUndefined();
  });

  it('reports every DELETE entry of the Gen 2 removal bundle and that there is no patient', () => {
    const { record, outcome } = fromFhir(fixtures.gen2Remove());
    expect(record).toBeUndefined();
    expect(issuesOf(outcome)).toEqual([
      'warning mapping.not-carried Bundle.entry[0]',
      'warning mapping.not-carried Bundle.entry[1]',
      'warning mapping.not-carried Bundle.entry[2]',
      'error mapping.no-patient -',
    ]);
  });
});

describe('fromFhir: what cannot be mapped is reported, never dropped silently', () => {
  it('warns about an Observation in the bundle and still reads the rest', () => {
    const bundle = fixtures.gen3Bundle();
    bundle.entry.push({ fullUrl: 'urn:uuid:obs', resource: { resourceType: 'Observation', status: 'final' } } as never);
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('warning mapping.unmapped-resource Bundle.entry[4].resource');
    expect(record?.adjustments).toHaveLength(1);
  });

  it('names an unknown adjustment category code as an error and leaves the adjustment out', () => {
    const bundle = fixtures.gen3Bundle();
    const flag = bundle.entry[3]?.resource as { category: { coding: { code: string }[] }[] };
    (flag.category[1] as { coding: { code: string }[] }).coding[0]!.code = 'made-up-category';
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('error mapping.unrecognised-code Bundle.entry[3].resource.category[1]');
    expect(record?.adjustments).toEqual([]);
  });

  it('refuses an item about another patient', () => {
    const bundle = fixtures.gen3Bundle();
    (bundle.entry[1]?.resource as { subject: { reference: string } }).subject.reference = 'Patient/someone-else';
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('error business.subject-mismatch Bundle.entry[1].resource.subject');
    expect(record?.impairments).toEqual([]);
  });

  it('gives no record when the NHS number fails its check digit, and does not echo it', () => {
    const bundle = fixtures.gen3Bundle();
    (bundle.entry[0]?.resource as { identifier: { value: string }[] }).identifier[0]!.value = '9912003881';
    const { record, outcome } = fromFhir(bundle);
    expect(record).toBeUndefined();
    expect(issuesOf(outcome)).toContain('error business.nhs-number-check-digit Bundle.entry[0].resource.identifier[0].value');
    expect(JSON.stringify(outcome)).not.toContain('9912003881');
  });

  it('leaves out an adjustment that is no longer active, saying so', () => {
    const bundle = fixtures.gen3Bundle();
    (bundle.entry[3]?.resource as { status: string }).status = 'inactive';
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('warning mapping.not-carried Bundle.entry[3].resource.status');
    expect(record?.adjustments).toEqual([]);
  });

  it('reports a second PatientFlag as a duplicate', () => {
    const bundle = fixtures.gen3Bundle();
    bundle.entry.push(JSON.parse(JSON.stringify(bundle.entry[2])) as never);
    expect(issuesOf(fromFhir(bundle).outcome)).toContain('error business.patient-flag-duplicate Bundle.entry[4].resource');
  });

  it('reads the first of two consents and warns that a record holds one', () => {
    const bundle = fixtures.gen2Bundle();
    const second = JSON.parse(JSON.stringify(bundle.entry[1])) as { resource: { id: string } };
    second.resource.id = 'RAConsentExample2';
    bundle.entry.push(second as never);
    const { record, outcome } = fromFhir(bundle);
    expect(record?.consent?.id).toBe('RAConsentExample1');
    expect(issuesOf(outcome)).toContain('warning mapping.more-than-one Bundle.entry[5].resource');
  });

  it('does not take an FGM PatientFlag for the reasonable-adjustment one', () => {
    const bundle = fixtures.gen3Bundle();
    const flag = bundle.entry[2]?.resource as { code: { coding: { code: string }[] } };
    flag.code.coding[0]!.code = 'female-genital-mutilation-flag';
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('warning mapping.unrecognised-resource Bundle.entry[2].resource');
    expect(record?.patientFlag).toBeUndefined();
  });

  it('reports an adjustment without a Provenance, which cannot say who recorded it', () => {
    const bundle = fixtures.gen3Bundle();
    delete (bundle.entry[3]?.resource as { contained?: unknown }).contained;
    const { record, outcome } = fromFhir(bundle);
    expect(issuesOf(outcome)).toContain('error business.provenance-missing Bundle.entry[3].resource.contained');
    expect(record?.adjustments).toEqual([]);
  });

  it.each([
    ['a string', 'not a resource', 'a string'],
    ['null', null, 'null'],
    ['a number', 42, 'a number'],
  ])('answers %s with a fatal issue and no record', (_, input, found) => {
    const { record, outcome } = fromFhir(input);
    expect(record).toBeUndefined();
    expect(outcome.issue).toHaveLength(1);
    expect(outcome.issue[0]).toMatchObject({ severity: 'fatal', details: { text: `Input must be a FHIR resource, a Bundle or an array of resources; this is ${found}.` } });
  });

  it('names the place of each resource in an array input', () => {
    const bundle = fixtures.gen3Bundle();
    const resources = bundle.entry.map((e) => e.resource);
    const { record, outcome } = fromFhir([...resources, 'junk']);
    expect(record?.adjustments).toHaveLength(1);
    expect(issuesOf(outcome)).toContain('warning terminology.snomed-https %input[3].code.coding[0].system');
    expect(issuesOf(outcome)).toContain('error payload.not-object %input[4]');
  });
});

describe('fromFhir: bundle types and reference styles', () => {
  const record: RaRecord = {
    patient: { nhsNumber: '9912003888', id: 'p1' },
    adjustments: [{ category: 'bespoke-reasonable-adjustments', description: 'Quiet room', recorded: R, id: 'a1' }],
    impairments: [],
    underlyingConditions: [],
    scr: noScr,
  };

  it('reads a searchset whose resources refer to each other by Type/id', () => {
    const written = toFhir(record, { uuid: counterUuid() });
    const searchset = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: written.entry?.map((e) => {
        const resource = JSON.parse(JSON.stringify(e.resource).replaceAll('urn:uuid:00000000-0000-4000-8000-000000000000', 'Patient/p1')) as unknown;
        return { fullUrl: `https://example.org/fhir/${e.request?.url ?? ''}`, resource, search: { mode: 'match' } };
      }),
    };
    const { record: back, outcome } = fromFhir(searchset);
    expect(back).toStrictEqual(record);
    // The PatientFlag's flag-detail still points at urn:uuid fullUrls that this searchset does not use.
    expect(issuesOf(outcome)).toEqual(['warning business.flag-detail-unresolved Bundle.entry[1].resource.extension[0].value.ofType(Reference)']);
  });

  it('reads subjects given by NHS number identifier when there is no Patient resource', () => {
    const written = toFhir(record, { uuid: counterUuid() });
    const flags = (written.entry ?? []).slice(1).map((e) => ({
      ...e.resource,
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } },
    }));
    const { record: back } = fromFhir({ resourceType: 'Bundle', type: 'collection', entry: flags.map((resource) => ({ resource })) });
    expect(back).toStrictEqual({ ...record, patient: { nhsNumber: '9912003888' } });
  });
});
