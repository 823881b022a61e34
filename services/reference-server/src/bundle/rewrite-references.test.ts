import { describe, expect, it } from 'vitest';
import { rewriteReferences, urnReferences } from './rewrite-references.js';

const targets = new Map([
  ['urn:uuid:aaaa', 'Patient/p1'],
  ['urn:uuid:bbbb', 'Condition/c1'],
]);

describe('rewriteReferences', () => {
  it('rewrites references at any depth and leaves everything else alone', () => {
    const flag = {
      resourceType: 'Flag',
      subject: { reference: 'urn:uuid:aaaa', display: 'urn:uuid:aaaa' },
      extension: [{ url: 'x', valueReference: { reference: 'urn:uuid:bbbb' } }],
      contained: [{ resourceType: 'Provenance', target: [{ reference: '#' }], agent: [{ who: { reference: 'urn:uuid:aaaa' } }] }],
      note: [{ text: 'reference' }],
    };
    const rewritten = rewriteReferences(flag, targets);
    expect(rewritten).toEqual({
      resourceType: 'Flag',
      subject: { reference: 'Patient/p1', display: 'urn:uuid:aaaa' },
      extension: [{ url: 'x', valueReference: { reference: 'Condition/c1' } }],
      contained: [{ resourceType: 'Provenance', target: [{ reference: '#' }], agent: [{ who: { reference: 'Patient/p1' } }] }],
      note: [{ text: 'reference' }],
    });
    // A copy: the input is untouched.
    expect(flag.subject.reference).toBe('urn:uuid:aaaa');
  });

  it('lists the urn:uuid references left over', () => {
    const value = { a: { reference: 'urn:uuid:cccc' }, b: [{ reference: 'Patient/p1' }, { reference: 'urn:uuid:dddd' }] };
    expect(urnReferences(value)).toEqual(['urn:uuid:cccc', 'urn:uuid:dddd']);
    expect(urnReferences(rewriteReferences({ r: { reference: 'urn:uuid:aaaa' } }, targets))).toEqual([]);
  });
});
