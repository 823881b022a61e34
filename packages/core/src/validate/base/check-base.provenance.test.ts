import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'Provenance',
  id: 'c4e2e862-3bf4-4176-a186-9f1732938260',
  target: [{ reference: 'Flag/RA-PatientFlag-Example' }],
  occurredPeriod: { start: '2024-01-01T10:00:00Z', end: '2024-01-01T11:00:00Z' },
  recorded: '2024-01-01T11:00:00+00:00',
  reason: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }] }],
  activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE' }] },
  agent: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }] },
      role: [{ coding: [{ system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' }] }],
      who: { reference: 'https://sds.spineservices.nhs.uk/Practitioner/2ee4tr6a9' },
      onBehalfOf: { reference: 'https://directory.spineservices.nhs.uk/Organization/a3e5i7' },
    },
  ],
  entity: [
    {
      role: 'source',
      what: { reference: 'DocumentReference/letter-1' },
      agent: [{ who: { reference: 'Patient/p1' } }],
    },
  ],
  signature: [
    {
      type: [{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1' }],
      when: '2024-01-01T11:00:00Z',
      who: { reference: 'Practitioner/2ee4tr6a9' },
      sigFormat: 'application/jose',
      data: 'ZXlKaGJHY2k=',
    },
  ],
};

const cases: [string, Mutation, string, string][] = [
  ['target missing', (r) => { delete r.target; }, 'base.required-missing', 'Provenance.target'],
  ['target not an array', (r) => { r.target = { reference: 'Flag/x' }; }, 'base.expected-array', 'Provenance.target'],
  ['recorded missing', (r) => { delete r.recorded; }, 'base.required-missing', 'Provenance.recorded'],
  ['recorded a date only (instant needs a time and zone)', (r) => { r.recorded = '2024-01-01'; }, 'base.primitive-format', 'Provenance.recorded'],
  ['recorded without a timezone', (r) => { r.recorded = '2024-01-01T11:00:00'; }, 'base.primitive-format', 'Provenance.recorded'],
  ['agent missing', (r) => { delete r.agent; }, 'base.required-missing', 'Provenance.agent'],
  ['agent who missing', (r) => { delete at(r, 'agent', 0).who; }, 'base.required-missing', 'Provenance.agent[0].who'],
  ['agent who pointing at a Flag', (r) => { at(r, 'agent', 0, 'who').reference = 'Flag/f'; }, 'base.reference-target', 'Provenance.agent[0].who.reference'],
  ['agent onBehalfOf pointing at a Location', (r) => { at(r, 'agent', 0, 'onBehalfOf').reference = 'https://x.org/fhir/Location/l'; }, 'base.reference-target', 'Provenance.agent[0].onBehalfOf.reference'],
  ['activity as a bare code (STU3 shape)', (r) => { r.activity = { code: 'CREATE' }; }, 'base.unknown-element', 'Provenance.activity.code'],
  ['occurred given twice', (r) => { r.occurredDateTime = '2024-01-01'; }, 'base.choice-multiple', 'Provenance.occurred'],
  ['occurredPeriod backwards (per-1)', (r) => { r.occurredPeriod = { start: '2024-01-02T00:00:00Z', end: '2024-01-01T00:00:00Z' }; }, 'base.invariant', 'Provenance.occurred.ofType(Period)'],
  ['entity role not allowed', (r) => { at(r, 'entity', 0).role = 'origin'; }, 'base.required-binding', 'Provenance.entity[0].role'],
  ['entity what missing', (r) => { delete at(r, 'entity', 0).what; }, 'base.required-missing', 'Provenance.entity[0].what'],
  ['entity agent (contentReference) without who', (r) => { at(r, 'entity', 0).agent = [{ role: [{ text: 'x' }] }]; }, 'base.required-missing', 'Provenance.entity[0].agent[0].who'],
  ['signature without type', (r) => { delete at(r, 'signature', 0).type; }, 'base.required-missing', 'Provenance.signature[0].type'],
  ['signature data not base64', (r) => { at(r, 'signature', 0).data = 'not base64!'; }, 'base.primitive-format', 'Provenance.signature[0].data'],
  ['signature when a date only', (r) => { at(r, 'signature', 0).when = '2024-01-01'; }, 'base.primitive-format', 'Provenance.signature[0].when'],
  ['policy an empty array', (r) => { r.policy = []; }, 'base.empty', 'Provenance.policy'],
];

describe('base rules for Provenance', () => {
  it('pass a valid Provenance with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('report the STU3 whoReference as unknown and the R4 who as missing: two rules broken', () => {
    const r = variant(valid, (p) => {
      at(p, 'agent', 0).whoReference = at(p, 'agent', 0).who;
      delete at(p, 'agent', 0).who;
    });
    expect(baseIssues(r)).toEqual([
      { id: 'base.unknown-element', expression: 'Provenance.agent[0].whoReference' },
      { id: 'base.required-missing', expression: 'Provenance.agent[0].who' },
    ]);
  });
});
