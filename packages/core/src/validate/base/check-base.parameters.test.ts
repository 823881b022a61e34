import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'Parameters',
  id: 'removerarecord',
  parameter: [
    { name: 'nhsNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } },
    {
      name: 'removeRARecord',
      part: [
        { name: 'removalReason', valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/RemovalReason', code: 'DoesntApply' }] } },
        { name: 'supportingComment', valueString: 'No longer needed' },
        { name: 'when', valueDateTime: '2024-01-01T11:00:00Z' },
      ],
    },
    { name: 'patient', resource: { resourceType: 'Patient', id: 'p1', gender: 'female' } },
    { name: 'count', valueInteger: 3 },
    { name: 'meta', valueMeta: { tag: [{ code: 'x' }] } },
  ],
};

const cases: [string, Mutation, string, string][] = [
  ['a parameter without name', (r) => { delete at(r, 'parameter', 0).name; }, 'base.required-missing', 'Parameters.parameter[0].name'],
  ['a parameter with a value and a resource (inv-1)', (r) => { at(r, 'parameter', 0).resource = { resourceType: 'Basic', code: { text: 'x' } }; }, 'base.invariant', 'Parameters.parameter[0]'],
  ['a parameter with nothing (inv-1)', (r) => { delete at(r, 'parameter', 0).valueIdentifier; }, 'base.invariant', 'Parameters.parameter[0]'],
  ['a parameter with parts and a value (inv-1)', (r) => { at(r, 'parameter', 1).valueString = 'x'; }, 'base.invariant', 'Parameters.parameter[1]'],
  ['a part with a value and parts (inv-1)', (r) => { at(r, 'parameter', 1, 'part', 1).part = [{ name: 'x', valueBoolean: true }]; }, 'base.invariant', 'Parameters.parameter[1].part[1]'],
  ['a part without name', (r) => { delete at(r, 'parameter', 1, 'part', 1).name; }, 'base.required-missing', 'Parameters.parameter[1].part[1].name'],
  ['a value of a type that does not exist', (r) => { at(r, 'parameter', 3).valueInt = 3; delete at(r, 'parameter', 3).valueInteger; }, 'base.unknown-element', 'Parameters.parameter[3].valueInt'],
  ['two values', (r) => { at(r, 'parameter', 3).valueString = '3'; }, 'base.choice-multiple', 'Parameters.parameter[3].value'],
  ['an integer value that is a string', (r) => { at(r, 'parameter', 3).valueInteger = '3'; }, 'base.wrong-json-type', 'Parameters.parameter[3].value.ofType(integer)'],
  ['a dateTime part in the wrong format', (r) => { at(r, 'parameter', 1, 'part', 2).valueDateTime = '01/01/2024'; }, 'base.primitive-format', 'Parameters.parameter[1].part[2].value.ofType(dateTime)'],
  ['a defect inside a resource parameter', (r) => { at(r, 'parameter', 2, 'resource').gender = 'F'; }, 'base.required-binding', 'Parameters.parameter[2].resource.gender'],
  ['a resource parameter without resourceType', (r) => { delete at(r, 'parameter', 2, 'resource').resourceType; }, 'payload.no-resource-type', 'Parameters.parameter[2].resource'],
  ['text, which Parameters (a Resource) does not have', (r) => { r.text = { status: 'empty', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }; }, 'base.unknown-element', 'Parameters.text'],
  ['an extension, which Parameters does not have', (r) => { r.extension = [{ url: 'http://x.org/e', valueString: 'x' }]; }, 'base.unknown-element', 'Parameters.extension'],
  ['parameter not an array', (r) => { r.parameter = at(r, 'parameter', 0); }, 'base.expected-array', 'Parameters.parameter'],
];

describe('base rules for Parameters', () => {
  it('pass valid Parameters with values, parts and a resource', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });
});
