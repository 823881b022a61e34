import { describe, expect, it } from 'vitest';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runRule } from '../test-support/run-rule.js';
import { entry, validBundle, validResource } from '../test-support/valid-bundle.js';
import { checkProvenance } from './provenance-rule.js';

describe('a contained Provenance pointing at #', () => {
  it('accepts the valid Bundle', () => {
    expect(runRule(checkProvenance, validBundle())).toEqual([]);
  });

  it.each([
    ['the PatientFlag', 1],
    ['an adjustment', 4],
    ['a condition', 5],
    ['the consent', 7],
  ])('reports %s without one', (_name, index) => {
    const bundle = validBundle();
    removeAt(bundle, `entry[${index}].resource.contained`);
    expect(runRule(checkProvenance, bundle)).toEqual([
      ['business.provenance-missing', `Bundle.entry[${index}].resource.contained`, 'error'],
    ]);
  });

  it('reports a Provenance whose target is the resource by id instead of #', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[2].resource.contained[0].target[0].reference', 'Flag/a1');
    expect(runRule(checkProvenance, bundle)).toEqual([
      ['business.provenance-target', 'Bundle.entry[2].resource.contained[0].target[0].reference', 'error'],
    ]);
  });

  it('checks a lone RA resource too', () => {
    const flag = validResource(entry.adjustment);
    setAt(flag, 'contained', [{ resourceType: 'Organization', id: 'o' }]);
    expect(runRule(checkProvenance, flag)).toEqual([['business.provenance-missing', 'Flag.contained', 'error']]);
  });

  it('asks nothing of resources that are not RA content', () => {
    expect(runRule(checkProvenance, validResource(entry.patient))).toEqual([]);
  });

  it('leaves a Provenance without target, and a contained of the wrong shape, to the base rules', () => {
    const bundle = validBundle();
    removeAt(bundle, 'entry[2].resource.contained[0].target');
    setAt(bundle, 'entry[3].resource.contained', { resourceType: 'Provenance' });
    expect(runRule(checkProvenance, bundle)).toEqual([]);
  });
});
