import { describe, expect, it } from 'vitest';
import { checkBundle, openBundleScope } from './bundle-rules.js';
import { newContext } from './walk-context.js';
import { issueId } from '../../outcome/issue.js';

describe('bundle rules', () => {
  it.each([
    ['transaction', true],
    ['batch', true],
    ['collection', false],
    ['document', false],
    ['transaction-response', false],
  ])('collect urn:uuid references for a %s: %s', (type, collects) => {
    expect(openBundleScope({ type }) !== undefined).toBe(collects);
  });

  it('report each urn:uuid reference that no entry resolves, once', () => {
    const ctx = newContext([], 'Bundle');
    const scope = { urnRefs: [
      { urn: 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904', path: 'Bundle.entry[0].resource.subject.reference' },
      { urn: 'urn:uuid:873a38eb-0f9c-4a66-a4e9-8e4be2350d6b', path: 'Bundle.entry[0].resource.author.reference' },
    ] };
    const bundle = {
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }],
    };
    checkBundle(bundle, scope, ctx);
    expect(ctx.issues.map((i) => [issueId(i), i.expression?.[0]])).toEqual([
      ['bundle.unresolved-urn', 'Bundle.entry[0].resource.author.reference'],
    ]);
    expect(ctx.issues[0]?.diagnostics).not.toContain('873a38eb');
  });

  it('judge a RESTful fullUrl by type and id, and accept it when the resource has no id', () => {
    const ctx = newContext([], 'Bundle');
    checkBundle({
      type: 'collection',
      entry: [
        { fullUrl: 'https://x.org/fhir/Patient/p1', resource: { resourceType: 'Patient' } },
        { fullUrl: 'https://x.org/fhir/Patient/p2', resource: { resourceType: 'Patient', id: 'p2' } },
        { fullUrl: 'https://x.org/fhir/Patient/p3', resource: { resourceType: 'Basic', id: 'p3' } },
        { fullUrl: 'https://x.org/not-restful', resource: { resourceType: 'Basic', id: 'b' } },
      ],
    }, undefined, ctx);
    expect(ctx.issues.map((i) => [issueId(i), i.expression?.[0]])).toEqual([
      ['bundle.fullurl-id-mismatch', 'Bundle.entry[2].fullUrl'],
    ]);
  });
});
