import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

const valid: Json = {
  resourceType: 'Consent',
  id: 'RAConsentExample1',
  contained: [
    {
      resourceType: 'Provenance',
      id: 'prov',
      target: [{ reference: '#' }],
      recorded: '2024-01-01T11:00:00+00:00',
      agent: [{ who: { reference: 'https://sds.spineservices.nhs.uk/STU3/Practitioner/2ee4tr6a9' } }],
    },
  ],
  extension: [
    {
      url: 'https://fhir.nhs.uk/England/StructureDefinition/Extension-ConsentCreateSummary',
      valueAnnotation: { text: 'Best interest decision recorded' },
    },
  ],
  status: 'active',
  scope: { coding: [{ system: SCOPE, code: 'patient-privacy' }] },
  category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
  patient: { reference: 'Patient/PatientExample1' },
  dateTime: '2024-01-01T11:00:00Z',
  performer: [{ reference: 'RelatedPerson/rp1' }],
  organization: [{ reference: 'Organization/a3e5i7' }],
  policy: [{ authority: 'https://www.gov.uk/', uri: 'https://www.gov.uk/policy.pdf' }],
  policyRule: { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/FlagProxyRole', code: '003' }] },
  provision: {
    type: 'permit',
    period: { start: '2024-01-01', end: '2025-01-01' },
    actor: [
      {
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] },
        reference: { reference: 'Organization/lhcre-1' },
      },
    ],
    purpose: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/RA-ConsentPurpose', code: 'RACONSENT' }],
    provision: [{ type: 'deny', actor: [{ role: { text: 'recipient' }, reference: { reference: 'Organization/lhcre-2' } }] }],
  },
};

const withScope = (code: string): Mutation => (r) => {
  delete r.patient;
  r.scope = { coding: [{ system: SCOPE, code }] };
};

const cases: [string, Mutation, string, string][] = [
  ['status not a consent state', (r) => { r.status = 'granted'; }, 'base.required-binding', 'Consent.status'],
  ['status missing', (r) => { delete r.status; }, 'base.required-missing', 'Consent.status'],
  ['scope missing', (r) => { delete r.scope; }, 'base.required-missing', 'Consent.scope'],
  ['category missing', (r) => { delete r.category; }, 'base.required-missing', 'Consent.category'],
  ['neither policy nor policyRule (ppc-1)', (r) => { delete r.policy; delete r.policyRule; }, 'base.invariant', 'Consent'],
  ['privacy scope without patient (ppc-2)', withScope('patient-privacy'), 'base.invariant', 'Consent.patient'],
  ['research scope without patient (ppc-3)', withScope('research'), 'base.invariant', 'Consent.patient'],
  ['adr scope without patient (ppc-4)', withScope('adr'), 'base.invariant', 'Consent.patient'],
  ['treatment scope without patient (ppc-5)', withScope('treatment'), 'base.invariant', 'Consent.patient'],
  ['patient pointing at a Practitioner', (r) => { r.patient = { reference: 'Practitioner/p' }; }, 'base.reference-target', 'Consent.patient.reference'],
  ['performer pointing at a Device', (r) => { r.performer = [{ reference: 'Device/d' }]; }, 'base.reference-target', 'Consent.performer[0].reference'],
  ['dateTime with an hour but no timezone', (r) => { r.dateTime = '2024-01-01T11:00:00'; }, 'base.primitive-format', 'Consent.dateTime'],
  ['policy uri with a space', (r) => { at(r, 'policy', 0).uri = 'https://www.gov.uk/a policy.pdf'; }, 'base.primitive-format', 'Consent.policy[0].uri'],
  ['policyRule as an array', (r) => { r.policyRule = [r.policyRule]; }, 'base.unexpected-array', 'Consent.policyRule'],
  ['provision type not permit or deny', (r) => { at(r, 'provision').type = 'allow'; }, 'base.required-binding', 'Consent.provision.type'],
  ['provision period backwards (per-1)', (r) => { at(r, 'provision').period = { start: '2025-01-01', end: '2024-01-01' }; }, 'base.invariant', 'Consent.provision.period'],
  ['provision actor without reference', (r) => { delete at(r, 'provision', 'actor', 0).reference; }, 'base.required-missing', 'Consent.provision.actor[0].reference'],
  ['provision actor without role', (r) => { delete at(r, 'provision', 'actor', 0).role; }, 'base.required-missing', 'Consent.provision.actor[0].role'],
  ['provision actor referring to a Flag', (r) => { at(r, 'provision', 'actor', 0).reference = { reference: 'Flag/f' }; }, 'base.reference-target', 'Consent.provision.actor[0].reference.reference'],
  ['provision purpose not a Coding', (r) => { at(r, 'provision').purpose = [{ coding: [{ code: 'RACONSENT' }] }]; }, 'base.unknown-element', 'Consent.provision.purpose[0].coding'],
  ['nested provision type not permit or deny', (r) => { at(r, 'provision', 'provision', 0).type = 'refuse'; }, 'base.required-binding', 'Consent.provision.provision[0].type'],
  ['nested provision unknown element', (r) => { at(r, 'provision', 'provision', 0).partner = 'x'; }, 'base.unknown-element', 'Consent.provision.provision[0].partner'],
  ['the STU3 purpose element', (r) => { r.purpose = [{ code: 'RACONSENT' }]; }, 'base.unknown-element', 'Consent.purpose'],
  ['sourceAttachment and sourceReference together', (r) => { r.sourceReference = { reference: 'DocumentReference/d' }; r.sourceAttachment = { url: 'https://x.org/a.pdf' }; }, 'base.choice-multiple', 'Consent.source'],
  ['an attachment with data but no contentType (att-1)', (r) => { r.sourceAttachment = { data: 'SGVsbG8=' }; }, 'base.invariant', 'Consent.source.ofType(Attachment).contentType'],
];

describe('base rules for Consent', () => {
  it('pass a valid reasonable-adjustment Consent with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('accept a privacy Consent without patient when the scope is from another code system', () => {
    const r = variant(valid, (c) => {
      delete c.patient;
      c.scope = { coding: [{ system: 'http://example.org/scope', code: 'patient-privacy' }] };
    });
    expect(baseIssues(r)).toEqual([]);
  });
});
