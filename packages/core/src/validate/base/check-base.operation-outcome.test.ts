import { describe, expect, it } from 'vitest';
import { at, baseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'OperationOutcome',
  id: 'outcome-1',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>One issue &amp; a note</p></div>' },
  issue: [
    {
      severity: 'error',
      code: 'code-invalid',
      details: { coding: [{ system: 'https://raflag.dev/fhir/CodeSystem/raflag-message', code: 'base.required-binding' }], text: 'Code is not in the value set.' },
      diagnostics: 'Code is not in the value set.',
      expression: ['Flag.status'],
      location: ['/f:Flag/f:status'],
    },
    { severity: 'information', code: 'informational' },
  ],
};

const cases: [string, Mutation, string, string][] = [
  ['no issue', (r) => { delete r.issue; }, 'base.required-missing', 'OperationOutcome.issue'],
  ['an empty issue list', (r) => { r.issue = []; }, 'base.empty', 'OperationOutcome.issue'],
  ['severity not allowed', (r) => { at(r, 'issue', 0).severity = 'critical'; }, 'base.required-binding', 'OperationOutcome.issue[0].severity'],
  ['severity missing', (r) => { delete at(r, 'issue', 1).severity; }, 'base.required-missing', 'OperationOutcome.issue[1].severity'],
  ['code not an issue type', (r) => { at(r, 'issue', 0).code = 'bad-code'; }, 'base.required-binding', 'OperationOutcome.issue[0].code'],
  ['code missing', (r) => { delete at(r, 'issue', 0).code; }, 'base.required-missing', 'OperationOutcome.issue[0].code'],
  ['expression not an array', (r) => { at(r, 'issue', 0).expression = 'Flag.status'; }, 'base.expected-array', 'OperationOutcome.issue[0].expression'],
  ['an expression that is a number', (r) => { at(r, 'issue', 0).expression = [1]; }, 'base.wrong-json-type', 'OperationOutcome.issue[0].expression[0]'],
  ['diagnostics a number', (r) => { at(r, 'issue', 0).diagnostics = 5; }, 'base.wrong-json-type', 'OperationOutcome.issue[0].diagnostics'],
  ['details a string', (r) => { at(r, 'issue', 0).details = 'text'; }, 'base.wrong-json-type', 'OperationOutcome.issue[0].details'],
  ['an unknown element on an issue', (r) => { at(r, 'issue', 0).path = 'Flag.status'; }, 'base.unknown-element', 'OperationOutcome.issue[0].path'],
  ['a narrative without xmlns', (r) => { at(r, 'text').div = '<div><p>x</p></div>'; }, 'base.primitive-format', 'OperationOutcome.text.div'],
  ['a narrative with an event handler', (r) => { at(r, 'text').div = '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">x</p></div>'; }, 'base.xhtml-not-allowed', 'OperationOutcome.text.div'],
  ['a narrative with a bare ampersand', (r) => { at(r, 'text').div = '<div xmlns="http://www.w3.org/1999/xhtml">a & b</div>'; }, 'base.primitive-format', 'OperationOutcome.text.div'],
  ['a narrative without div', (r) => { delete at(r, 'text').div; }, 'base.required-missing', 'OperationOutcome.text.div'],
];

describe('base rules for OperationOutcome', () => {
  it('pass a valid OperationOutcome with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });
});
