import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'Flag',
  id: 'RA-Flag-Example',
  meta: {
    versionId: '2',
    lastUpdated: '2024-01-01T11:00:00Z',
    profile: ['https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment'],
  },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Easy read</p></div>' },
  contained: [
    {
      resourceType: 'Provenance',
      id: '873a38eb-0f9c-4a66-a4e9-8e4be2350d6b',
      target: [{ reference: '#' }],
      recorded: '2024-01-01T11:00:00+00:00',
      activity: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }],
      },
      agent: [
        {
          role: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/SDSJobRoleName', code: 'R0260' }] }],
          who: { reference: 'https://sds.spineservices.nhs.uk/Practitioner/2ee4tr6a9' },
          onBehalfOf: { reference: 'https://directory.spineservices.nhs.uk/Organization/a3e5i7' },
        },
      ],
    },
  ],
  extension: [
    {
      url: 'https://fhir.nhs.uk/England/StructureDefinition/Extension-England-FlagNotes',
      valueAnnotation: { text: 'Prefers morning appointments' },
    },
  ],
  status: 'active',
  _status: { extension: [{ url: 'http://example.org/note', valueString: 'confirmed' }] },
  category: [
    {
      coding: [
        {
          system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient',
          code: 'national-reasonable-adjustment-flag',
        },
      ],
    },
    { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA', code: 'communication-support' }] },
  ],
  code: { coding: [{ system: 'http://snomed.info/sct', code: '1082681000000103' }], text: 'Easy read' },
  subject: { reference: 'Patient/PatientFlag-AlanMann-Example', type: 'Patient' },
  period: { start: '2024-01-01', end: '2024-12-31T10:00:00Z' },
  encounter: { reference: 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904' },
  author: { reference: 'Organization/a3e5i7', display: 'GP surgery' },
};

const provenance = (r: Json): Json => at(r, 'contained', 0);

const cases: [string, Mutation, string, string][] = [
  ['an unknown element', (r) => { r.colour = 'red'; }, 'base.unknown-element', 'Flag.colour'],
  ['the legacy fhir_comments', (r) => { r.fhir_comments = ['x']; }, 'base.unknown-element', 'Flag.fhir_comments'],
  ['an unknown element with nested content, once', (r) => { r.priority = { coding: [{ code: 'x' }] }; }, 'base.unknown-element', 'Flag.priority'],
  ['resourceType inside a datatype', (r) => { at(r, 'code').resourceType = 'CodeableConcept'; }, 'base.unknown-element', 'Flag.code.resourceType'],
  ['status missing', (r) => { delete r.status; delete r._status; }, 'base.required-missing', 'Flag.status'],
  ['status not in flag-status', (r) => { r.status = 'enabled'; }, 'base.required-binding', 'Flag.status'],
  ['status a number', (r) => { r.status = 1; }, 'base.wrong-json-type', 'Flag.status'],
  ['status with leading whitespace', (r) => { r.status = ' active'; }, 'base.primitive-format', 'Flag.status'],
  ['status empty', (r) => { r.status = ''; }, 'base.empty', 'Flag.status'],
  ['status null', (r) => { r.status = null; }, 'base.wrong-json-type', 'Flag.status'],
  ['status an array', (r) => { r.status = ['active']; }, 'base.unexpected-array', 'Flag.status'],
  ['category not an array', (r) => { r.category = at(r, 'category', 0); }, 'base.expected-array', 'Flag.category'],
  ['category an empty array', (r) => { r.category = []; }, 'base.empty', 'Flag.category'],
  ['a category that is a string', (r) => { at(r, 'category')[1] = 'communication-support'; }, 'base.wrong-json-type', 'Flag.category[1]'],
  ['an empty category', (r) => { at(r, 'category')[1] = {}; }, 'base.empty', 'Flag.category[1]'],
  ['code missing', (r) => { delete r.code; }, 'base.required-missing', 'Flag.code'],
  ['code an array', (r) => { r.code = [r.code]; }, 'base.unexpected-array', 'Flag.code'],
  ['code empty', (r) => { r.code = {}; }, 'base.empty', 'Flag.code'],
  ['code with only an id', (r) => { r.code = { id: 'c1' }; }, 'base.empty', 'Flag.code'],
  ['coding system empty', (r) => { at(r, 'code', 'coding', 0).system = ''; }, 'base.empty', 'Flag.code.coding[0].system'],
  ['coding system with a space', (r) => { at(r, 'code', 'coding', 0).system = 'http://snomed.info/ sct'; }, 'base.primitive-format', 'Flag.code.coding[0].system'],
  ['coding code with trailing space', (r) => { at(r, 'code', 'coding', 0).code = '1082681000000103 '; }, 'base.primitive-format', 'Flag.code.coding[0].code'],
  ['coding userSelected a string', (r) => { at(r, 'code', 'coding', 0).userSelected = 'true'; }, 'base.wrong-json-type', 'Flag.code.coding[0].userSelected'],
  ['subject missing', (r) => { delete r.subject; }, 'base.required-missing', 'Flag.subject'],
  ['subject pointing at an Observation', (r) => { r.subject = { reference: 'Observation/o1' }; }, 'base.reference-target', 'Flag.subject.reference'],
  ['subject as an absolute URL to an Observation', (r) => { r.subject = { reference: 'https://example.org/fhir/Observation/o1' }; }, 'base.reference-target', 'Flag.subject.reference'],
  ['subject without a scheme', (r) => { r.subject = { reference: 'demographics.spineservices.nhs.uk/STU3/Patient/9912003888' }; }, 'base.reference-format', 'Flag.subject.reference'],
  ['subject with an unknown type', (r) => { r.subject = { reference: 'Person2/p1' }; }, 'base.reference-format', 'Flag.subject.reference'],
  ['subject.type disagreeing with the reference', (r) => { at(r, 'subject').type = 'Group'; }, 'base.reference-type-mismatch', 'Flag.subject.type'],
  ['subject.type not allowed, with only an identifier', (r) => { r.subject = { type: 'Observation', identifier: { value: 'x' } }; }, 'base.reference-target', 'Flag.subject.type'],
  ['subject to a contained resource that is not there', (r) => { r.subject = { reference: '#nobody' }; }, 'contained.unresolved', 'Flag.subject.reference'],
  ['author to a contained resource of a type not allowed', (r) => { r.author = { reference: '#873a38eb-0f9c-4a66-a4e9-8e4be2350d6b' }; }, 'base.reference-target', 'Flag.author.reference'],
  ['a malformed urn:uuid', (r) => { r.encounter = { reference: 'urn:uuid:not-a-uuid' }; }, 'base.reference-format', 'Flag.encounter.reference'],
  ['period ending before it starts', (r) => { r.period = { start: '2024-06-01', end: '2024-01-01' }; }, 'base.invariant', 'Flag.period'],
  ['period start 30 February', (r) => { at(r, 'period').start = '2024-02-30'; }, 'base.primitive-format', 'Flag.period.start'],
  ['period end a time without timezone', (r) => { at(r, 'period').end = '2024-12-31T10:00:00'; }, 'base.primitive-format', 'Flag.period.end'],
  ['id with a space', (r) => { r.id = 'RA Flag'; }, 'base.primitive-format', 'Flag.id'],
  ['meta.lastUpdated without timezone', (r) => { at(r, 'meta').lastUpdated = '2024-01-01T11:00:00'; }, 'base.primitive-format', 'Flag.meta.lastUpdated'],
  ['meta.profile not an array', (r) => { at(r, 'meta').profile = 'https://x.org/p'; }, 'base.expected-array', 'Flag.meta.profile'],
  ['meta.project (a Medplum extension)', (r) => { at(r, 'meta').project = 'p'; }, 'base.unknown-element', 'Flag.meta.project'],
  ['narrative status not allowed', (r) => { at(r, 'text').status = 'draft'; }, 'base.required-binding', 'Flag.text.status'],
  ['narrative div malformed', (r) => { at(r, 'text').div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>x</div>'; }, 'base.primitive-format', 'Flag.text.div'],
  ['narrative div with a script', (r) => { at(r, 'text').div = '<div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div>'; }, 'base.xhtml-not-allowed', 'Flag.text.div'],
  ['narrative div with no content', (r) => { at(r, 'text').div = '<div xmlns="http://www.w3.org/1999/xhtml"> </div>'; }, 'base.invariant', 'Flag.text.div'],
  ['an extension without url', (r) => { delete at(r, 'extension', 0).url; }, 'base.extension-url', 'Flag.extension[0].url'],
  ['an extension with a value and nested extensions', (r) => { at(r, 'extension', 0).extension = [{ url: 'a', valueString: 'b' }]; }, 'base.extension-value-and-children', 'Flag.extension[0]'],
  ['an extension with neither value nor nested extensions', (r) => { delete at(r, 'extension', 0).valueAnnotation; }, 'base.extension-value-and-children', 'Flag.extension[0]'],
  ['an extension with two values', (r) => { at(r, 'extension', 0).valueString = 'x'; }, 'base.choice-multiple', 'Flag.extension[0].value'],
  ['an extension value of a type not in R4', (r) => { at(r, 'extension', 0).valueFoo = 'x'; delete at(r, 'extension', 0).valueAnnotation; }, 'base.unknown-element', 'Flag.extension[0].valueFoo'],
  ['an annotation without text', (r) => { at(r, 'extension', 0).valueAnnotation = { time: '2024-01-01' }; }, 'base.required-missing', 'Flag.extension[0].value.ofType(Annotation).text'],
  ['an annotation author of two types', (r) => { at(r, 'extension', 0, 'valueAnnotation').authorString = 'a'; at(r, 'extension', 0, 'valueAnnotation').authorReference = { reference: 'Patient/p' }; }, 'base.choice-multiple', 'Flag.extension[0].value.ofType(Annotation).author'],
  ['a modifierExtension without url', (r) => { r.modifierExtension = [{ valueBoolean: true }]; }, 'base.extension-url', 'Flag.modifierExtension[0].url'],
  ['_status that is not an object', (r) => { r._status = 'x'; }, 'base.primitive-extension-mismatch', 'Flag.status'],
  ['_status that is empty', (r) => { r._status = {}; }, 'base.empty', 'Flag.status'],
  ['_code on a complex element', (r) => { r._code = { id: 'x' }; }, 'base.primitive-extension-mismatch', 'Flag.code'],
  ['_colour for an unknown element', (r) => { r._colour = { id: 'x' }; }, 'base.unknown-element', 'Flag._colour'],
  ['an extension on _status without url', (r) => { r._status = { extension: [{ valueString: 'x' }] }; }, 'base.extension-url', 'Flag.status.extension[0].url'],
  ['a contained resource that is not referenced', (r) => { at(provenance(r), 'target', 0).reference = 'Flag/RA-Flag-Example'; }, 'contained.unreferenced', 'Flag.contained[0]'],
  ['a contained resource without id', (r) => { delete provenance(r).id; }, 'contained.no-id', 'Flag.contained[0].id'],
  ['a contained resource with meta.versionId', (r) => { provenance(r).meta = { versionId: '1' }; }, 'contained.meta-not-allowed', 'Flag.contained[0].meta.versionId'],
  ['a contained resource with meta.lastUpdated', (r) => { provenance(r).meta = { lastUpdated: '2024-01-01T00:00:00Z' }; }, 'contained.meta-not-allowed', 'Flag.contained[0].meta.lastUpdated'],
  ['a contained resource with a security label', (r) => { provenance(r).meta = { security: [{ code: 'R' }] }; }, 'contained.security-not-allowed', 'Flag.contained[0].meta.security[0]'],
  ['a contained resource containing another', (r) => { provenance(r).contained = [{ resourceType: 'Organization', id: 'o1' }]; }, 'contained.nested', 'Flag.contained[0].contained[0]'],
  ['a contained resource without resourceType', (r) => { delete provenance(r).resourceType; }, 'payload.no-resource-type', 'Flag.contained[0]'],
  ['a contained resource of an unknown type', (r) => { provenance(r).resourceType = 'Provenence'; }, 'payload.unknown-resource-type', 'Flag.contained[0]'],
  ['a contained resource that is a string', (r) => { r.contained = ['Provenance']; }, 'base.wrong-json-type', 'Flag.contained[0]'],
  ['a defect inside a contained resource', (r) => { provenance(r).recorded = '2024-01-01'; }, 'base.primitive-format', 'Flag.contained[0].recorded'],
  ['a contained agent pointing at a Flag', (r) => { at(provenance(r), 'agent', 0, 'who').reference = 'Flag/f1'; }, 'base.reference-target', 'Flag.contained[0].agent[0].who.reference'],
];

describe('base rules for Flag', () => {
  it('pass a valid reasonable-adjustment Flag with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('accept a contained resource referenced by #id instead of referring to its container', () => {
    const r = variant(valid, (f) => {
      at(provenance(f), 'target', 0).reference = 'Flag/RA-Flag-Example';
      f.extension = [
        ...(f.extension as unknown[]),
        { url: 'http://hl7.org/fhir/StructureDefinition/flag-detail', valueReference: { reference: '#873a38eb-0f9c-4a66-a4e9-8e4be2350d6b' } },
      ];
    });
    expect(baseIssues(r)).toEqual([]);
  });

  it('report each of several defects once', () => {
    const r = variant(valid, (f) => {
      f.colour = 'red';
      f.status = 'enabled';
      delete f.subject;
    });
    expect(baseIssues(r)).toEqual([
      { id: 'base.required-binding', expression: 'Flag.status' },
      { id: 'base.unknown-element', expression: 'Flag.colour' },
      { id: 'base.required-missing', expression: 'Flag.subject' },
    ]);
  });
});
