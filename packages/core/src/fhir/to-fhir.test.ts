import type { Bundle, Consent, Flag, FhirResource, Provenance } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FLAG_DETAIL_EXTENSION, gen3Profile, NHS_NUMBER_SYSTEM, raflagUrl } from '../canonical.js';
import { parseRecord } from '../model/parse-record.js';
import type { RaRecord } from '../model/ra-record.js';
import { codeSystem } from '../terminology/index.js';
import { toFhir } from './to-fhir.js';
import { counterUuid, exampleRecorded as R } from './test-support/fixtures.js';

const record: RaRecord = {
  patient: { nhsNumber: '9912003888', localId: 'L-1', name: { family: 'Mann', given: ['Alan'] } },
  adjustments: [
    { category: 'communication-support', code: '1082681000000103', notes: 'Face the person when speaking', recorded: R },
    { category: 'bespoke-reasonable-adjustments', description: 'Quiet waiting room', recorded: R, id: 'adj-2' },
  ],
  impairments: [{ code: 'other', text: 'Light sensitivity', recorded: R }],
  underlyingConditions: [{ code: '73618009', display: 'Autistic spectrum disorder with isolated skills', recorded: R }],
  consent: {
    basis: 'best-interest',
    state: 'given',
    bestInterestSummary: 'Lacks capacity; decision by the GP with the family',
    recorded: { ...R, practitioner: { sdsId: 'abc123', name: 'Dr Jones' }, organisation: { odsCode: 'Y12345', name: 'The Surgery' } },
    sharing: { permit: [{ odsCode: 'LHCRE1', name: 'One London' }], deny: [{ odsCode: 'LHCRE2' }] },
  },
  scr: {
    significantMedicalHistory: [{ code: '195967001', display: 'Asthma', onset: '2001', note: 'Since childhood', recorded: R }],
    healthActionPlan: { planDate: '2025-03-01', summary: 'Annual check done', sharedWith: ['Day centre', 'Carer'], recorded: R },
    careCoordinator: { name: 'Sam Lee', role: 'Community nurse', organisation: { name: 'Trust', odsCode: 'RX1' }, phone: '0113 496 0000', recorded: R },
    endOfLifePreferences: { text: 'Wishes to stay at home', recorded: R },
    contacts: [{ kind: 'carer', name: 'Pat Mann', relationship: 'Mother', phone: '07700 900000', recorded: R }],
  },
};

const bundle = toFhir(record, { uuid: counterUuid() });
const resources = (bundle.entry ?? []).map((e) => e.resource as FhirResource);
const byProfile = (profile: string) => resources.filter((r) => r.meta?.profile?.includes(profile));

/** Every `reference` string anywhere in a value. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'reference' && typeof v === 'string' ? [v] : referencesIn(v)));
}

describe('toFhir: the transaction Bundle', () => {
  it('is built from a valid record', () => {
    expect(parseRecord(record)).toStrictEqual({ ok: true, record });
  });

  it('is a transaction of Patient, PatientFlag and one entry per item, all with urn:uuid fullUrls', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('transaction');
    expect(resources.map((r) => r.resourceType)).toEqual([
      'Patient', 'Flag', 'Consent', 'Flag', 'Flag', 'Condition', 'Condition', 'Condition', 'Flag', 'Flag', 'Flag', 'Flag',
    ]);
    const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl);
    expect(fullUrls.every((u) => /^urn:uuid:[0-9a-f-]{36}$/.test(u ?? ''))).toBe(true);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
  });

  it('has every urn:uuid reference resolve to an entry of the Bundle', () => {
    const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    const urns = referencesIn(resources).filter((r) => r.startsWith('urn:uuid:'));
    expect(urns.length).toBeGreaterThan(12);
    expect(urns.filter((r) => !fullUrls.has(r))).toEqual([]);
  });

  it('POSTs new items, PUTs items with a server id, and creates the Patient only if absent', () => {
    expect(bundle.entry?.map((e) => e.request)).toEqual([
      { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${NHS_NUMBER_SYSTEM}|9912003888` },
      { method: 'POST', url: 'Flag' },
      { method: 'POST', url: 'Consent' },
      { method: 'POST', url: 'Flag' },
      { method: 'PUT', url: 'Flag/adj-2' },
      ...Array.from({ length: 7 }, (_, i) => ({ method: 'POST', url: i < 3 ? 'Condition' : 'Flag' })),
    ]);
    const withId = toFhir({ ...record, patient: { ...record.patient, id: 'pat-9' } }, { uuid: counterUuid() });
    expect(withId.entry?.[0]?.request).toEqual({ method: 'PUT', url: 'Patient/pat-9' });
  });

  it('writes the Patient with the NHS number, the local id and the name only', () => {
    expect(resources[0]).toEqual({
      resourceType: 'Patient',
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: '9912003888' },
        { system: raflagUrl.localPatientIdentifier, value: 'L-1' },
      ],
      name: [{ family: 'Mann', given: ['Alan'] }],
    });
  });

  it('writes one England-Flag-PatientFlag listing every detail resource with its type', () => {
    const [patientFlag, ...more] = byProfile(gen3Profile.patientFlag) as Flag[];
    expect(more).toEqual([]);
    expect(patientFlag?.code).toEqual({
      coding: [{ system: codeSystem.flagCategoryPatient, code: 'national-reasonable-adjustment-flag', display: 'National Reasonable Adjustment Flag' }],
    });
    const details = patientFlag?.extension?.filter((e) => e.url === FLAG_DETAIL_EXTENSION).map((e) => e.valueReference);
    const expected = (bundle.entry ?? []).slice(2).map((e) => ({ reference: e.fullUrl, type: e.resource?.resourceType }));
    expect(details).toEqual(expected);
    expect(patientFlag?.subject).toEqual({ reference: bundle.entry?.[0]?.fullUrl });
  });

  it('gives every resource but the Patient exactly one contained England-Provenance-Flag targeting #', () => {
    for (const resource of resources.slice(1)) {
      const provenances = ('contained' in resource ? resource.contained ?? [] : []).filter((c) => c.resourceType === 'Provenance') as Provenance[];
      expect(provenances).toHaveLength(1);
      expect(provenances[0]?.meta?.profile).toEqual([gen3Profile.provenance]);
      expect(provenances[0]?.target).toEqual([{ reference: '#' }]);
      expect(provenances[0]?.activity?.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }]);
    }
  });
});

describe('toFhir: each resource kind', () => {
  it('writes an adjustment with two categories, an http SNOMED code with its display and the notes extension', () => {
    const [coded, bespoke] = byProfile(gen3Profile.adjustment) as Flag[];
    expect(coded?.category).toEqual([
      { coding: [{ system: codeSystem.flagCategoryPatient, code: 'national-reasonable-adjustment-flag', display: 'National Reasonable Adjustment Flag' }] },
      { coding: [{ system: codeSystem.flagCategoryRA, code: 'communication-support', display: 'Communication support' }] },
    ]);
    expect(coded?.code).toEqual({
      coding: [{ system: 'http://snomed.info/sct', code: '1082681000000103', display: 'Requires support for receptive communication needs' }],
    });
    expect(coded?.extension).toEqual([
      { url: 'https://fhir.nhs.uk/England/StructureDefinition/Extension-England-FlagNotes', valueAnnotation: { text: 'Face the person when speaking' } },
    ]);
    expect(bespoke?.id).toBe('adj-2');
    expect(bespoke?.code).toEqual({
      coding: [{ system: 'http://snomed.info/sct', code: '1108111000000107', display: 'Requires reasonable adjustments for health and care access (Equality Act 2010)' }],
      text: 'Quiet waiting room',
    });
  });

  it('writes impairments and underlying conditions as England-Condition-Flag', () => {
    const [impairment, underlying] = byProfile(gen3Profile.condition);
    expect(impairment).toMatchObject({
      clinicalStatus: { coding: [{ code: 'active' }] },
      category: [{ coding: [{ code: 'national-reasonable-adjustment-flag' }] }, { coding: [{ system: codeSystem.conditionCategoryRA, code: 'issue' }] }],
      code: { coding: [{ system: codeSystem.conditionCodeRA, code: 'other', display: 'Other (please specify)' }], text: 'Light sensitivity' },
    });
    expect(underlying).toMatchObject({
      code: { coding: [{ system: 'http://snomed.info/sct', code: '73618009', display: 'Autistic spectrum disorder with isolated skills' }] },
    });
  });

  it('writes who recorded the consent: SDS practitioner with name, ODS organisation with name, the role', () => {
    const consent = resources[2] as Consent;
    expect(consent.contained?.[0]).toMatchObject({
      recorded: '2024-01-01T11:00:00+00:00',
      agent: [
        {
          role: [{ coding: [{ code: 'R0260', display: 'General Medical Practitioner' }] }],
          who: { reference: 'https://sds.spineservices.nhs.uk/Practitioner/abc123', display: 'Dr Jones' },
          onBehalfOf: { reference: 'https://directory.spineservices.nhs.uk/Organization/Y12345', display: 'The Surgery' },
        },
      ],
    });
  });

  it('writes the consent as RA-Consent with proxy role, purpose, summaries and permit/deny provisions', () => {
    const consent = resources[2] as Consent;
    expect(consent).toMatchObject({
      meta: { profile: [raflagUrl.consentProfile] },
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ code: 'national-reasonable-adjustment-flag' }] }],
      policyRule: { coding: [{ system: codeSystem.flagProxyRole, code: '002' }] },
      extension: [{ url: raflagUrl.consentCreateSummary, valueAnnotation: { text: 'Lacks capacity; decision by the GP with the family' } }],
    });
    expect(consent.provision).toEqual({
      purpose: [{ system: codeSystem.raConsentPurpose, code: 'RACONSENT', display: 'Reasonable Adjustments - Consent to record Reasonable Adjustments' }],
      provision: [
        {
          type: 'permit',
          actor: [
            {
              role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
              reference: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'LHCRE1' }, display: 'One London' },
            },
          ],
        },
        {
          type: 'deny',
          actor: [
            {
              role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
              reference: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'LHCRE2' } },
            },
          ],
        },
      ],
    });
  });

  it('writes the SCR items with the project code system and extensions', () => {
    const scr = resources.slice(7);
    const codeOf = (r: FhirResource | undefined) => (r as Flag | undefined)?.code?.coding?.[0];
    expect(scr.map((r) => `${r.resourceType} ${codeOf(r)?.code}`)).toEqual([
      'Condition 195967001',
      'Flag health-action-plan',
      'Flag care-coordinator',
      'Flag end-of-life-preferences',
      'Flag carer',
    ]);
    expect(scr[0]).toMatchObject({ category: [{ coding: [{ system: raflagUrl.scrInformationCodeSystem, code: 'significant-medical-history' }] }], onsetDateTime: '2001', note: [{ text: 'Since childhood' }] });
    expect(scr[1]).toMatchObject({
      period: { start: '2025-03-01' },
      extension: [
        { valueAnnotation: { text: 'Annual check done' } },
        { url: raflagUrl.scrSharedWith, valueString: 'Day centre' },
        { url: raflagUrl.scrSharedWith, valueString: 'Carer' },
      ],
    });
    expect(scr[2]).toMatchObject({
      author: { reference: '#coordinator' },
      contained: [
        { resourceType: 'Provenance' },
        {
          resourceType: 'PractitionerRole',
          id: 'coordinator',
          practitioner: { display: 'Sam Lee' },
          organization: { identifier: { value: 'RX1' }, display: 'Trust' },
          code: [{ text: 'Community nurse' }],
          telecom: [{ system: 'phone', value: '0113 496 0000' }],
        },
      ],
    });
    expect(scr[4]).toMatchObject({
      extension: [{ url: raflagUrl.scrContact, valueReference: { reference: '#contact' } }],
      contained: [
        { resourceType: 'Provenance' },
        { resourceType: 'RelatedPerson', id: 'contact', patient: { reference: bundle.entry?.[0]?.fullUrl }, name: [{ text: 'Pat Mann' }], relationship: [{ text: 'Mother' }] },
      ],
    });
  });
});

describe('toFhir: options', () => {
  it('makes random v4 UUIDs without options', () => {
    const b: Bundle = toFhir(record);
    const urls = (b.entry ?? []).map((e) => e.fullUrl ?? '');
    expect(urls.every((u) => /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))).toBe(true);
    expect(new Set(urls).size).toBe(urls.length);
  });
});
