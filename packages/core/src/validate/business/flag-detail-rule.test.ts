import { describe, expect, it } from 'vitest';
import { setAt } from '../test-support/json-edit.js';
import { runRule } from '../test-support/run-rule.js';
import { validBundle } from '../test-support/valid-bundle.js';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { fullUrlsOf } from './bundle-entries.js';
import { checkFlagDetails } from './flag-detail-rule.js';
import type { RaEntry } from './ra-role.js';

const rule = (entries: readonly RaEntry[], issues: OperationOutcomeIssue[], payload: unknown): void =>
  checkFlagDetails(entries, fullUrlsOf(payload), issues);

describe('flag-detail references resolve in the Bundle', () => {
  it('accepts the valid Bundle', () => {
    expect(runRule(rule, validBundle())).toEqual([]);
  });

  it('warns of a detail that is not in the Bundle', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[1].resource.extension[5].valueReference.reference', 'Consent/RA-Consent-Example');
    expect(runRule(rule, bundle)).toEqual([
      ['business.flag-detail-unresolved', 'Bundle.entry[1].resource.extension[5].value.ofType(Reference).reference', 'warning'],
    ]);
  });

  it('does not call an entry whose resource is broken missing (the base rules report the entry)', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[7].resource', { resourceType: 'Consnt' });
    expect(runRule(rule, bundle)).toEqual([]);
  });

  it('says nothing when some entry is not an entry at all: it may be the one referred to', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[7]', 'Consent');
    expect(runRule(rule, bundle)).toEqual([]);
  });

  it('leaves a reference whose type disagrees with what it names to the base rules', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[1].resource.extension[5].valueReference', { reference: 'Patient/zzz', type: 'Consent' });
    expect(runRule(rule, bundle)).toEqual([]);
  });

  it('leaves contained and urn:uuid references to the base rules, and ignores details without a reference', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[1].resource.extension[3].valueReference', { reference: 'urn:uuid:0d4f6b52-0000-4000-8000-000000000000' });
    setAt(bundle, 'entry[1].resource.extension[4].valueReference', { reference: '#prov-flag' });
    setAt(bundle, 'entry[1].resource.extension[5].valueReference', { display: 'consent' });
    expect(runRule(rule, bundle)).toEqual([]);
  });
});
