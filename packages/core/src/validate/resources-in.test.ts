import { describe, expect, it } from 'vitest';
import { resourcesIn } from './resources-in.js';

describe('resourcesIn', () => {
  it('lists the top-level resource, its contained resources and each Bundle entry with theirs, in order', () => {
    const payload = {
      resourceType: 'Bundle',
      contained: [{ resourceType: 'Provenance' }],
      entry: [
        { resource: { resourceType: 'Flag', contained: [{ resourceType: 'Provenance', contained: [{ resourceType: 'Basic' }] }] } },
        { request: { method: 'DELETE' } },
        { resource: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient' } }] } },
        { resource: { id: 'no type' } },
      ],
    };
    expect(resourcesIn(payload).map((r) => [r.path, r.role, r.resourceType, r.container?.path])).toEqual([
      ['Bundle', 'top', 'Bundle', undefined],
      ['Bundle.contained[0]', 'contained', 'Provenance', 'Bundle'],
      ['Bundle.entry[0].resource', 'entry', 'Flag', undefined],
      ['Bundle.entry[0].resource.contained[0]', 'contained', 'Provenance', 'Bundle.entry[0].resource'],
      ['Bundle.entry[2].resource', 'entry', 'Bundle', undefined],
      ['Bundle.entry[2].resource.entry[0].resource', 'entry', 'Patient', undefined],
    ]);
  });

  it.each([['text'], [null], [[{ resourceType: 'Flag' }]], [{ id: 'x' }]])('finds no resource in %j', (payload) => {
    expect(resourcesIn(payload)).toEqual([]);
  });
});
