import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { locateResources } from './input-resources.js';

describe('locateResources', () => {
  it('names bundle entries by path, fullUrl and Type/id', () => {
    const issues: OperationOutcomeIssue[] = [];
    const found = locateResources(
      { resourceType: 'Bundle', type: 'searchset', entry: [{ fullUrl: 'https://x/Flag/1', resource: { resourceType: 'Flag', id: '1' } }, { request: { method: 'DELETE' } }] },
      issues,
    );
    expect(found?.map((r) => [r.type, r.at, r.names])).toEqual([['Flag', 'Bundle.entry[0].resource', ['https://x/Flag/1', 'Flag/1']]]);
    expect(issues.map((i) => i.expression?.[0])).toEqual(['Bundle.entry[1]']);
  });

  it.each([
    [{ resourceType: 'Flag' }, [['Flag', 'Flag']]],
    [[{ resourceType: 'Flag' }, { resourceType: 'Condition' }], [['Flag', '%input[0]'], ['Condition', '%input[1]']]],
  ])('locates a single resource or an array of them', (input, expected) => {
    expect(locateResources(input, [])?.map((r) => [r.type, r.at])).toEqual(expected);
  });

  it.each([
    ['no resourceType', { id: 'x' }, 'payload.no-resource-type'],
    ['a number', 3, 'mapping.unreadable-input'],
  ])('gives up on %s', (_, input, id) => {
    const issues: OperationOutcomeIssue[] = [];
    expect(locateResources(input, issues)).toBeUndefined();
    expect(issues.map((i) => i.details?.coding?.[0]?.code)).toEqual([id]);
  });
});
