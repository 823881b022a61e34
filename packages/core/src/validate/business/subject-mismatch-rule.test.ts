import { describe, expect, it } from 'vitest';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { runRule } from '../test-support/run-rule.js';
import { validBundle } from '../test-support/valid-bundle.js';
import { checkSameSubject } from './subject-mismatch-rule.js';

describe('every detail is about the PatientFlag\'s patient', () => {
  it('accepts the valid Bundle', () => {
    expect(runRule(checkSameSubject, validBundle())).toEqual([]);
  });

  it.each([
    ['an adjustment', 'entry[3].resource.subject', 'Bundle.entry[3].resource.subject'],
    ['a condition', 'entry[6].resource.subject', 'Bundle.entry[6].resource.subject'],
    ['the consent', 'entry[7].resource.patient', 'Bundle.entry[7].resource.patient'],
  ])('reports %s about someone else', (_name, at, expression) => {
    const bundle = validBundle();
    setAt(bundle, at, { reference: 'Patient/someone-else' });
    expect(runRule(checkSameSubject, bundle)).toEqual([['business.subject-mismatch', expression, 'error']]);
  });

  it('reports a detail naming a different NHS number', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[2].resource.subject', { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' } });
    expect(runRule(checkSameSubject, bundle)).toEqual([['business.subject-mismatch', 'Bundle.entry[2].resource.subject', 'error']]);
  });

  it('accepts a detail naming the same patient by NHS number', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[2].resource.subject', { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' } });
    expect(runRule(checkSameSubject, bundle)).toEqual([]);
  });

  it('reports the PatientFlag once when it alone names another patient', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[1].resource.subject', { reference: 'Patient/someone-else' });
    expect(runRule(checkSameSubject, bundle)).toEqual([['business.subject-mismatch', 'Bundle.entry[1].resource.subject', 'error']]);
  });

  it('leaves a missing subject to the base rules', () => {
    const bundle = validBundle();
    removeAt(bundle, 'entry[2].resource.subject');
    expect(runRule(checkSameSubject, bundle)).toEqual([]);
  });

  it('has nothing to compare with when there is no PatientFlag', () => {
    const bundle = validBundle();
    removeAt(bundle, 'entry[1]');
    setAt(bundle, 'entry[2].resource.subject', { reference: 'Patient/someone-else' });
    expect(runRule(checkSameSubject, bundle)).toEqual([]);
  });
});
