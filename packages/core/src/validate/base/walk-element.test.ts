import { describe, expect, it } from 'vitest';
import { resourceTypeForMessage } from './walk-element.js';
import { baseIssues } from './test-support/base-issues.js';

describe('the generic walker on any R4 resource', () => {
  it('follows contentReference elements to any depth (Questionnaire.item.item)', () => {
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'draft',
      item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'group', item: [{ linkId: '1.1.1', type: 'strng' }] }] }],
    };
    expect(baseIssues(questionnaire)).toEqual([
      { id: 'base.required-binding', expression: 'Questionnaire.item[0].item[0].item[0].type' },
    ]);
  });

  it('checks every choice variant against its own type', () => {
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      valueBoolean: 'yes',
      component: [{ code: { text: 'c' }, valueInteger: 2.5 }],
    };
    expect(baseIssues(observation)).toEqual([
      { id: 'base.wrong-json-type', expression: 'Observation.value.ofType(boolean)' },
      { id: 'base.primitive-format', expression: 'Observation.component[0].value.ofType(integer)' },
    ]);
  });

  it('reports two choice elements given twice, each once', () => {
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      valueString: 'a',
      effectiveDateTime: '2024',
      valueBoolean: true,
      effectiveInstant: '2024-01-01T00:00:00Z',
      valueInteger: 1,
    };
    expect(baseIssues(observation)).toEqual([
      { id: 'base.choice-multiple', expression: 'Observation.value' },
      { id: 'base.choice-multiple', expression: 'Observation.effective' },
    ]);
  });

  it('does not descend into an unknown element', () => {
    expect(baseIssues({ resourceType: 'Basic', code: { text: 'x' }, colour: { foo: [{ bar: 1 }] } })).toEqual([
      { id: 'base.unknown-element', expression: 'Basic.colour' },
    ]);
  });

  it('accepts resourceType only at resource roots', () => {
    expect(baseIssues({ resourceType: 'Basic', code: { text: 'x', resourceType: 'CodeableConcept' } })).toEqual([
      { id: 'base.unknown-element', expression: 'Basic.code.resourceType' },
    ]);
  });

  it('validates nested extensions', () => {
    const basic = {
      resourceType: 'Basic',
      code: { text: 'x' },
      extension: [{ url: 'http://x.org/a', extension: [{ url: 'b', valueDate: '2024-02-30' }, { url: 'c', extension: [{ valueString: 'd' }] }] }],
    };
    expect(baseIssues(basic)).toEqual([
      { id: 'base.primitive-format', expression: 'Basic.extension[0].extension[0].value.ofType(date)' },
      { id: 'base.extension-url', expression: 'Basic.extension[0].extension[1].extension[0].url' },
    ]);
  });

  it('stops, saying so once, where nesting is deeper than any real resource', () => {
    let extension: Record<string, unknown> = { url: 'leaf', valueString: 'x' };
    for (let i = 0; i < 5000; i++) extension = { url: `level${i}`, extension: [extension] };
    const issues = baseIssues({ resourceType: 'Basic', code: { text: 'x' }, extension: [extension] });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.id).toBe('base.too-deep');
    expect(issues[0]?.expression).toMatch(/^Basic\.extension\[0\](\.extension\[0\])+$/);
  });

  it('does not loop forever on a cyclic object', () => {
    const extension: Record<string, unknown> = { url: 'http://x.org/loop' };
    extension.extension = [extension];
    const flag = { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: 'Patient/p' }, extension: [extension] };
    expect(baseIssues(flag).map((i) => i.id)).toEqual(['base.too-deep']);
  });

  it('names a resourceType in a message only when it is a type name', () => {
    expect(resourceTypeForMessage('Flagg')).toBe('Flagg');
    expect(resourceTypeForMessage('Alan Mann')).toBe('(not a type name)');
    expect(resourceTypeForMessage(5)).toBe('(not a type name)');
  });
});
