import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'AuditEvent',
  id: 'audit-1',
  type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
  subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
  action: 'R',
  period: { start: '2024-01-01T11:00:00Z', end: '2024-01-01T11:00:01Z' },
  recorded: '2024-01-01T11:00:01.123Z',
  outcome: '0',
  purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }] }],
  agent: [
    {
      type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153' }] },
      who: { reference: 'PractitionerRole/pr1' },
      requestor: true,
      network: { address: '127.0.0.1', type: '2' },
    },
    { who: { identifier: { system: 'https://raflag.dev/fhir/Id/client', value: 'lhcre-1' } }, requestor: false },
  ],
  source: { site: 'raflag', observer: { reference: 'Device/server' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }] },
  entity: [
    {
      what: { reference: 'Flag/RA-Flag-Example' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4' },
      detail: [{ type: 'X-Request-ID', valueString: '4c75ce1f-1ad7-4391-b5f6-104754c7e904' }],
    },
    { query: 'X3R5cGU9RmxhZw==' },
  ],
};

const cases: [string, Mutation, string, string][] = [
  ['type missing', (r) => { delete r.type; }, 'base.required-missing', 'AuditEvent.type'],
  ['type as a CodeableConcept', (r) => { r.type = { coding: [at(r, 'type')] }; }, 'base.unknown-element', 'AuditEvent.type.coding'],
  ['action not allowed', (r) => { r.action = 'X'; }, 'base.required-binding', 'AuditEvent.action'],
  ['outcome not allowed', (r) => { r.outcome = '1'; }, 'base.required-binding', 'AuditEvent.outcome'],
  ['recorded missing', (r) => { delete r.recorded; }, 'base.required-missing', 'AuditEvent.recorded'],
  ['recorded without timezone', (r) => { r.recorded = '2024-01-01T11:00:01'; }, 'base.primitive-format', 'AuditEvent.recorded'],
  ['period backwards (per-1)', (r) => { r.period = { start: '2024-01-01T12:00:00Z', end: '2024-01-01T11:00:00Z' }; }, 'base.invariant', 'AuditEvent.period'],
  ['agent missing', (r) => { delete r.agent; }, 'base.required-missing', 'AuditEvent.agent'],
  ['agent requestor missing', (r) => { delete at(r, 'agent', 0).requestor; }, 'base.required-missing', 'AuditEvent.agent[0].requestor'],
  ['agent requestor a string', (r) => { at(r, 'agent', 0).requestor = 'yes'; }, 'base.wrong-json-type', 'AuditEvent.agent[0].requestor'],
  ['agent who pointing at a Flag', (r) => { at(r, 'agent', 0, 'who').reference = 'Flag/f'; }, 'base.reference-target', 'AuditEvent.agent[0].who.reference'],
  ['agent network type not allowed', (r) => { at(r, 'agent', 0, 'network').type = '9'; }, 'base.required-binding', 'AuditEvent.agent[0].network.type'],
  ['source missing', (r) => { delete r.source; }, 'base.required-missing', 'AuditEvent.source'],
  ['source observer missing', (r) => { delete at(r, 'source').observer; }, 'base.required-missing', 'AuditEvent.source.observer'],
  ['entity with a name and a query (sev-1)', (r) => { at(r, 'entity', 0).name = 'x'; at(r, 'entity', 0).query = 'eA=='; }, 'base.invariant', 'AuditEvent.entity[0]'],
  ['entity query not base64', (r) => { at(r, 'entity', 1).query = '_type=Flag'; }, 'base.primitive-format', 'AuditEvent.entity[1].query'],
  ['entity detail with two values', (r) => { at(r, 'entity', 0, 'detail', 0).valueBase64Binary = 'eA=='; }, 'base.choice-multiple', 'AuditEvent.entity[0].detail[0].value'],
  ['entity detail without value', (r) => { delete at(r, 'entity', 0, 'detail', 0).valueString; }, 'base.required-missing', 'AuditEvent.entity[0].detail[0].value'],
  ['entity detail without type', (r) => { delete at(r, 'entity', 0, 'detail', 0).type; }, 'base.required-missing', 'AuditEvent.entity[0].detail[0].type'],
  ['a subtype that is a CodeableConcept', (r) => { r.subtype = [{ text: 'read' }]; }, 'base.unknown-element', 'AuditEvent.subtype[0].text'],
];

describe('base rules for AuditEvent', () => {
  it('pass a valid AuditEvent with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });
});
