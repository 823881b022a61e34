import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'Patient',
  id: 'PatientFlag-AlanMann-Example',
  meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' }],
  active: true,
  name: [{ use: 'official', family: 'Mann', given: ['Alan', 'James'], period: { start: '1970-01-01' } }],
  telecom: [{ system: 'phone', value: '01234 567890', use: 'home' }],
  gender: 'male',
  birthDate: '1970-01-01',
  _birthDate: {
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1970-01-01T08:15:00+00:00' }],
  },
  deceasedBoolean: false,
  address: [{ use: 'home', line: ['1 Trevelyan Square'], city: 'Leeds', postalCode: 'LS1 6AE' }],
  multipleBirthInteger: 1,
  contact: [
    {
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }] }],
      name: { family: 'Mann', given: ['Mary'] },
      telecom: [{ system: 'phone', value: '01234 567891' }],
    },
  ],
  communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-GB' }] }, preferred: true }],
  generalPractitioner: [{ reference: 'Organization/Y12345' }],
  managingOrganization: { reference: 'Organization/Y12345/_history/2' },
  link: [{ other: { reference: 'RelatedPerson/rp1' }, type: 'seealso' }],
};

const cases: [string, Mutation, string, string][] = [
  ['gender not in administrative-gender', (r) => { r.gender = 'M'; }, 'base.required-binding', 'Patient.gender'],
  ['birthDate 30 February', (r) => { r.birthDate = '1970-02-30'; }, 'base.primitive-format', 'Patient.birthDate'],
  ['birthDate a number', (r) => { r.birthDate = 19700101; }, 'base.wrong-json-type', 'Patient.birthDate'],
  ['birthDate with a time', (r) => { r.birthDate = '1970-01-01T00:00:00Z'; }, 'base.primitive-format', 'Patient.birthDate'],
  ['active a string', (r) => { r.active = 'true'; }, 'base.wrong-json-type', 'Patient.active'],
  ['identifier value a number', (r) => { at(r, 'identifier', 0).value = 9912003888; }, 'base.wrong-json-type', 'Patient.identifier[0].value'],
  ['identifier use not allowed', (r) => { at(r, 'identifier', 0).use = 'primary'; }, 'base.required-binding', 'Patient.identifier[0].use'],
  ['name use not allowed', (r) => { at(r, 'name', 0).use = 'legal'; }, 'base.required-binding', 'Patient.name[0].use'],
  ['given not an array', (r) => { at(r, 'name', 0).given = 'Alan'; }, 'base.expected-array', 'Patient.name[0].given'],
  ['an empty given name', (r) => { at(r, 'name', 0).given = ['Alan', '']; }, 'base.empty', 'Patient.name[0].given[1]'],
  ['a null given name without extension', (r) => { at(r, 'name', 0).given = ['Alan', null]; }, 'base.wrong-json-type', 'Patient.name[0].given[1]'],
  ['_given not aligned with given', (r) => { at(r, 'name', 0)._given = [{ id: 'g1' }]; }, 'base.primitive-extension-mismatch', 'Patient.name[0].given'],
  ['_given null where given is null too', (r) => { at(r, 'name', 0).given = ['Alan', null]; at(r, 'name', 0)._given = [null, null]; }, 'base.primitive-extension-mismatch', 'Patient.name[0].given[1]'],
  ['family as an array', (r) => { at(r, 'name', 0).family = ['Mann']; }, 'base.unexpected-array', 'Patient.name[0].family'],
  ['telecom value without system (cpt-2)', (r) => { delete at(r, 'telecom', 0).system; }, 'base.invariant', 'Patient.telecom[0].system'],
  ['telecom system not allowed', (r) => { at(r, 'telecom', 0).system = 'mobile'; }, 'base.required-binding', 'Patient.telecom[0].system'],
  ['telecom rank zero', (r) => { at(r, 'telecom', 0).rank = 0; }, 'base.primitive-format', 'Patient.telecom[0].rank'],
  ['deceased given twice', (r) => { r.deceasedDateTime = '2020-01-01'; }, 'base.choice-multiple', 'Patient.deceased'],
  ['multipleBirth a fraction', (r) => { r.multipleBirthInteger = 1.5; }, 'base.primitive-format', 'Patient.multipleBirth.ofType(integer)'],
  ['a contact with only a relationship (pat-1)', (r) => { r.contact = [{ relationship: [{ text: 'neighbour' }] }]; }, 'base.invariant', 'Patient.contact[0]'],
  ['a contact gender not allowed', (r) => { at(r, 'contact', 0).gender = 'f'; }, 'base.required-binding', 'Patient.contact[0].gender'],
  ['communication without language', (r) => { r.communication = [{ preferred: true }]; }, 'base.required-missing', 'Patient.communication[0].language'],
  ['generalPractitioner pointing at a Patient', (r) => { r.generalPractitioner = [{ reference: 'Patient/p2' }]; }, 'base.reference-target', 'Patient.generalPractitioner[0].reference'],
  ['a link type not allowed', (r) => { at(r, 'link', 0).type = 'same'; }, 'base.required-binding', 'Patient.link[0].type'],
  ['a link without other', (r) => { delete at(r, 'link', 0).other; }, 'base.required-missing', 'Patient.link[0].other'],
  ['a photo with data and no contentType (att-1)', (r) => { r.photo = [{ data: 'SGVsbG8=' }]; }, 'base.invariant', 'Patient.photo[0].contentType'],
  ['a photo with data that is not base64', (r) => { r.photo = [{ contentType: 'image/png', data: '@@@@' }]; }, 'base.primitive-format', 'Patient.photo[0].data'],
  ['a photo size negative', (r) => { r.photo = [{ contentType: 'image/png', url: 'https://x.org/a.png', size: -1 }]; }, 'base.primitive-format', 'Patient.photo[0].size'],
  ['_birthDate empty', (r) => { r._birthDate = {}; }, 'base.empty', 'Patient.birthDate'],
  ['_birthDate as an array', (r) => { r._birthDate = [{ id: 'x' }]; }, 'base.primitive-extension-mismatch', 'Patient.birthDate'],
  ['_name on a complex element', (r) => { r._name = [{ id: 'x' }]; }, 'base.primitive-extension-mismatch', 'Patient.name'],
  ['an extension on the birthDate without url', (r) => { r._birthDate = { extension: [{ valueDateTime: '1970-01-01T08:15:00Z' }] }; }, 'base.extension-url', 'Patient.birthDate.extension[0].url'],
  ['an address period backwards', (r) => { at(r, 'address', 0).period = { start: '2020-01-01', end: '2019' }; }, 'base.invariant', 'Patient.address[0].period'],
  ['an address line not an array', (r) => { at(r, 'address', 0).line = '1 Trevelyan Square'; }, 'base.expected-array', 'Patient.address[0].line'],
];

describe('base rules for Patient', () => {
  it('pass a valid Patient with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('accept a value carried only by its extension, in a primitive array', () => {
    const r = variant(valid, (p) => {
      at(p, 'name', 0).given = ['Alan', null];
      at(p, 'name', 0)._given = [null, { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] }];
    });
    expect(baseIssues(r)).toEqual([]);
  });

  it('count a required primitive given only by its extension as present', () => {
    const r = {
      resourceType: 'Patient',
      link: [{ other: { reference: 'Patient/p2' }, _type: { extension: [{ url: 'http://x.org/e', valueString: 'x' }] } }],
    };
    expect(baseIssues(r)).toEqual([]);
  });
});
