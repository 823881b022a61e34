import { describe, expect, it } from 'vitest';
import { at, baseIssues, list, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const PATIENT_URN = 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904';
const FLAG_URN = 'urn:uuid:873a38eb-0f9c-4a66-a4e9-8e4be2350d6b';

const valid: Json = {
  resourceType: 'Bundle',
  id: 'AddRARecordTransaction',
  type: 'transaction',
  entry: [
    {
      fullUrl: PATIENT_URN,
      resource: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' }] },
      request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888' },
    },
    {
      fullUrl: FLAG_URN,
      resource: {
        resourceType: 'Flag',
        contained: [
          {
            resourceType: 'Provenance',
            id: 'prov',
            target: [{ reference: '#' }],
            recorded: '2024-01-01T11:00:00Z',
            agent: [{ who: { reference: PATIENT_URN } }],
          },
        ],
        status: 'active',
        code: { text: 'Easy read' },
        subject: { reference: PATIENT_URN },
      },
      request: { method: 'POST', url: 'Flag' },
    },
    {
      fullUrl: 'https://example.org/fhir/Flag/old-flag',
      resource: { resourceType: 'Flag', id: 'old-flag', status: 'inactive', code: { text: 'x' }, subject: { reference: 'Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888' } },
      request: { method: 'PUT', url: 'Flag/old-flag', ifMatch: 'W/"1"' },
    },
    {
      fullUrl: 'Patient/national-example',
      resource: { resourceType: 'Patient', id: 'national-example' },
      request: { method: 'PUT', url: 'Patient/national-example' },
    },
    { request: { method: 'DELETE', url: 'Flag/gone' } },
  ],
};

const entry = (r: Json, i: number): Json => at(r, 'entry', i);

const cases: [string, Mutation, string, string][] = [
  ['type missing', (r) => { delete r.type; }, 'base.required-missing', 'Bundle.type'],
  ['type not a bundle type', (r) => { r.type = 'transactional'; }, 'base.required-binding', 'Bundle.type'],
  ['text, which a Bundle (a Resource) does not have', (r) => { r.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }; }, 'base.unknown-element', 'Bundle.text'],
  ['an entry without request in a transaction (bdl-3)', (r) => { delete entry(r, 0).request; }, 'bundle.request-missing', 'Bundle.entry[0].request'],
  ['a request method not allowed', (r) => { at(entry(r, 0), 'request').method = 'FETCH'; }, 'base.required-binding', 'Bundle.entry[0].request.method'],
  ['a request without url', (r) => { delete at(entry(r, 0), 'request').url; }, 'base.required-missing', 'Bundle.entry[0].request.url'],
  ['a response in a transaction (bdl-4)', (r) => { entry(r, 0).response = { status: '201 Created' }; }, 'bundle.response-not-allowed', 'Bundle.entry[0].response'],
  ['search in a transaction (bdl-2)', (r) => { entry(r, 0).search = { mode: 'match' }; }, 'base.invariant', 'Bundle.entry[0].search'],
  ['total in a transaction (bdl-1)', (r) => { r.total = 5; }, 'bundle.total-not-allowed', 'Bundle.total'],
  ['an entry with only a fullUrl (bdl-5)', (r) => { list(r, 'entry').push({ fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111' }); }, 'bundle.entry-empty', 'Bundle.entry[5]'],
  ['an empty entry', (r) => { list(r, 'entry').push({}); }, 'base.empty', 'Bundle.entry[5]'],
  ['a version-specific fullUrl (bdl-8)', (r) => { entry(r, 2).fullUrl = 'https://example.org/fhir/Flag/old-flag/_history/1'; }, 'base.invariant', 'Bundle.entry[2].fullUrl'],
  ['a duplicate fullUrl (bdl-7)', (r) => { entry(r, 1).fullUrl = PATIENT_URN; }, 'bundle.fullurl-duplicate', 'Bundle.entry[1].fullUrl'],
  ['a RESTful fullUrl whose id differs from the resource', (r) => { entry(r, 2).fullUrl = 'https://example.org/fhir/Flag/other-flag'; }, 'bundle.fullurl-id-mismatch', 'Bundle.entry[2].fullUrl'],
  ['a relative fullUrl whose type differs from the resource', (r) => { entry(r, 3).fullUrl = 'Flag/national-example'; }, 'bundle.fullurl-id-mismatch', 'Bundle.entry[3].fullUrl'],
  ['a urn:uuid reference that no entry has', (r) => { at(entry(r, 1), 'resource', 'subject').reference = 'urn:uuid:22222222-2222-4222-8222-222222222222'; }, 'bundle.unresolved-urn', 'Bundle.entry[1].resource.subject.reference'],
  ['a urn:uuid reference in a contained resource that no entry has', (r) => { at(entry(r, 1), 'resource', 'contained', 0, 'agent', 0, 'who').reference = 'urn:uuid:22222222-2222-4222-8222-222222222222'; }, 'bundle.unresolved-urn', 'Bundle.entry[1].resource.contained[0].agent[0].who.reference'],
  ['a fullUrl with a space', (r) => { entry(r, 2).fullUrl = 'https://example.org/fhir/Flag/old flag'; }, 'base.primitive-format', 'Bundle.entry[2].fullUrl'],
  ['an entry resource without resourceType', (r) => { delete at(entry(r, 3), 'resource').resourceType; }, 'payload.no-resource-type', 'Bundle.entry[3].resource'],
  ['an entry resource of an unknown type', (r) => { at(entry(r, 3), 'resource').resourceType = 'Patients'; }, 'payload.unknown-resource-type', 'Bundle.entry[3].resource'],
  ['a defect deep inside an entry resource', (r) => { at(entry(r, 1), 'resource').status = 'on'; }, 'base.required-binding', 'Bundle.entry[1].resource.status'],
  ['an unknown element inside an entry resource', (r) => { at(entry(r, 1), 'resource').colour = 'red'; }, 'base.unknown-element', 'Bundle.entry[1].resource.colour'],
  ['an entry resource that is an array', (r) => { entry(r, 3).resource = []; }, 'base.unexpected-array', 'Bundle.entry[3].resource'],
  ['an entry that is not an object', (r) => { at(r, 'entry')[3] = 'Patient/national-example'; }, 'base.wrong-json-type', 'Bundle.entry[3]'],
  ['entry not an array', (r) => { r.entry = entry(r, 4); }, 'base.expected-array', 'Bundle.entry'],
  ['a link without relation', (r) => { r.link = [{ url: 'https://example.org/fhir/Bundle/x' }]; }, 'base.required-missing', 'Bundle.link[0].relation'],
  ['an entry link without url (contentReference to Bundle.link)', (r) => { entry(r, 0).link = [{ relation: 'self' }]; }, 'base.required-missing', 'Bundle.entry[0].link[0].url'],
  ['a timestamp without timezone', (r) => { r.timestamp = '2024-01-01T11:00:00'; }, 'base.primitive-format', 'Bundle.timestamp'],
  ['an identifier assigner pointing at a Patient', (r) => { r.identifier = { value: 'x', assigner: { reference: 'Patient/p' } }; }, 'base.reference-target', 'Bundle.identifier.assigner.reference'],
];

const document: Json = {
  resourceType: 'Bundle',
  type: 'document',
  identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904' },
  timestamp: '2024-01-01T11:00:00Z',
  entry: [
    {
      fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333',
      resource: {
        resourceType: 'Composition',
        status: 'final',
        type: { text: 'Summary' },
        date: '2024-01-01',
        author: [{ display: 'GP' }],
        title: 'Summary',
      },
    },
  ],
};

const documentCases: [string, Mutation, string, string][] = [
  ['no identifier (bdl-9)', (r) => { delete r.identifier; }, 'base.invariant', 'Bundle.identifier'],
  ['an identifier without system (bdl-9)', (r) => { delete at(r, 'identifier').system; }, 'base.invariant', 'Bundle.identifier.system'],
  ['no timestamp (bdl-10)', (r) => { delete r.timestamp; }, 'base.invariant', 'Bundle.timestamp'],
  ['a first resource that is not a Composition (bdl-11)', (r) => { at(r, 'entry', 0).resource = { resourceType: 'Basic', code: { text: 'x' } }; }, 'base.invariant', 'Bundle.entry[0].resource'],
  ['a request on an entry (bdl-3)', (r) => { at(r, 'entry', 0).request = { method: 'POST', url: 'Composition' }; }, 'bundle.request-not-allowed', 'Bundle.entry[0].request'],
  ['a total (bdl-1)', (r) => { r.total = 1; }, 'bundle.total-not-allowed', 'Bundle.total'],
];

describe('base rules for Bundle', () => {
  it('pass a valid transaction with urn:uuid, RESTful, relative and conditional references', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('pass a valid document', () => {
    expect(baseIssues(document)).toEqual([]);
  });

  it.each(documentCases)('report, for a document, %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(document, mutate))).toEqual([{ id, expression }]);
  });

  it('require a MessageHeader first in a message (bdl-12)', () => {
    const message = { resourceType: 'Bundle', type: 'message', entry: [{ resource: { resourceType: 'Basic', code: { text: 'x' } } }] };
    expect(baseIssues(message)).toEqual([{ id: 'base.invariant', expression: 'Bundle.entry[0].resource' }]);
  });

  it('require a response on every entry of a transaction-response (bdl-4)', () => {
    const response = { resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '200 OK' } }, { resource: { resourceType: 'Basic', code: { text: 'x' } } }] };
    expect(baseIssues(response)).toEqual([{ id: 'bundle.response-missing', expression: 'Bundle.entry[1].response' }]);
  });

  it('allow duplicate fullUrls in a history Bundle, and different versions elsewhere', () => {
    const resource = (v: string) => ({ resourceType: 'Basic', id: 'b', meta: { versionId: v }, code: { text: 'x' } });
    const history = {
      resourceType: 'Bundle',
      type: 'history',
      total: 2,
      entry: [1, 2].map(() => ({ fullUrl: 'https://x.org/Basic/b', resource: resource('1'), request: { method: 'PUT', url: 'Basic/b' }, response: { status: '200' } })),
    };
    expect(baseIssues(history)).toEqual([]);
    const collection = { resourceType: 'Bundle', type: 'collection', entry: ['1', '2'].map((v) => ({ fullUrl: 'https://x.org/Basic/b', resource: resource(v) })) };
    expect(baseIssues(collection)).toEqual([]);
  });

  it('leave urn:uuid references unresolved in a collection alone', () => {
    const collection = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: PATIENT_URN } } }] };
    expect(baseIssues(collection)).toEqual([]);
  });

  it('resolve urn:uuid references of a nested transaction against its own entries', () => {
    const outer = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: valid }] };
    expect(baseIssues(outer)).toEqual([]);
    const broken = variant(outer, (o) => { at(o, 'entry', 0, 'resource', 'entry', 1, 'resource', 'subject').reference = FLAG_URN.replace('873a', '973a'); });
    expect(baseIssues(broken)).toEqual([{ id: 'bundle.unresolved-urn', expression: 'Bundle.entry[0].resource.entry[1].resource.subject.reference' }]);
  });
});
