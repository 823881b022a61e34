import { describe, expect, it } from 'vitest';
import { baseIssues } from './test-support/base-issues.js';

const org = (id: string) => ({ resourceType: 'Organization', id, name: 'Surgery' });

const flag = (extra: Record<string, unknown>) => ({
  resourceType: 'Flag',
  status: 'active',
  code: { text: 'x' },
  subject: { reference: 'Patient/p1' },
  ...extra,
});

describe('contained rules', () => {
  it('accept a contained resource referenced by #id from the container', () => {
    expect(baseIssues(flag({ contained: [org('o1')], author: { reference: '#o1' } }))).toEqual([]);
  });

  it('accept a contained resource referenced from another contained resource (dom-3)', () => {
    const r = flag({
      contained: [
        org('o1'),
        { resourceType: 'Practitioner', id: 'pr1', qualification: [{ code: { text: 'GP' }, issuer: { reference: '#o1' } }] },
      ],
      author: { reference: '#pr1' },
    });
    expect(baseIssues(r)).toEqual([]);
  });

  it('accept a contained resource referenced through a canonical (dom-3)', () => {
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'draft',
      contained: [{ resourceType: 'ValueSet', id: 'vs', status: 'draft' }],
      item: [{ linkId: '1', type: 'choice', answerValueSet: '#vs' }],
    };
    expect(baseIssues(questionnaire)).toEqual([]);
  });

  it('report each contained resource that nothing references, at its own index', () => {
    const r = flag({ contained: [org('o1'), org('o2'), org('o3')], author: { reference: '#o2' } });
    expect(baseIssues(r)).toEqual([
      { id: 'contained.unreferenced', expression: 'Flag.contained[0]' },
      { id: 'contained.unreferenced', expression: 'Flag.contained[2]' },
    ]);
  });

  it('report a #id reference in a resource without contained resources', () => {
    expect(baseIssues(flag({ author: { reference: '#o1' } }))).toEqual([
      { id: 'contained.unresolved', expression: 'Flag.author.reference' },
    ]);
  });

  it('accept # alone in the container itself', () => {
    const provenance = { resourceType: 'Provenance', target: [{ reference: '#' }], recorded: '2024-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] };
    expect(baseIssues(provenance)).toEqual([]);
  });

  it('resolve #id only against the resource that contains it, not a Bundle sibling', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: flag({ contained: [org('o1')], author: { reference: '#o1' } }) },
        { resource: flag({ author: { reference: '#o1' } }) },
      ],
    };
    expect(baseIssues(bundle)).toEqual([
      { id: 'contained.unresolved', expression: 'Bundle.entry[1].resource.author.reference' },
    ]);
  });

  it('does not walk resources nested inside a contained resource, reporting dom-2 once', () => {
    const r = flag({
      contained: [{ ...org('o1'), contained: [{ resourceType: 'Nonsense', foo: 1 }] }],
      author: { reference: '#o1' },
    });
    expect(baseIssues(r)).toEqual([{ id: 'contained.nested', expression: 'Flag.contained[0].contained[0]' }]);
  });
});
