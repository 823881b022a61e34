import type { Bundle, Consent, Flag } from 'fhir/r4.js';
import { errorsOf, isValidNhsNumber, validate } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { demoBundles } from './demo-bundles.js';
import { demoRecords } from './demo-records.js';

function built() {
  const result = demoBundles();
  if (!result.ok) throw new Error(`demo record ${result.index} does not parse: ${JSON.stringify(result.outcome.issue)}`);
  return result.bundles;
}

const resources = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource);

describe('demo data', () => {
  it('has five or six people with distinct, valid NHS numbers', () => {
    expect(demoRecords.length).toBeGreaterThanOrEqual(5);
    expect(demoRecords.length).toBeLessThanOrEqual(6);
    expect(new Set(demoRecords.map((d) => d.nhsNumber)).size).toBe(demoRecords.length);
    for (const demo of demoRecords) expect(isValidNhsNumber(demo.nhsNumber), demo.nhsNumber).toBe(true);
  });

  it.each(demoRecords.map((d, i) => [d.description, i] as const))('%s: its Bundle validates without errors', (_description, index) => {
    const bundle = built()[index]?.bundle;
    expect(bundle?.type).toBe('transaction');
    expect(errorsOf(validate(bundle))).toEqual([]);
  });

  it('includes a consent given by a best-interest decision, with its summary', () => {
    const consents = built().flatMap((b) => resources(b.bundle)).filter((r): r is Consent => r?.resourceType === 'Consent');
    const bestInterest = consents.find((c) => c.policyRule?.coding?.some((coding) => coding.code === '002'));
    expect(bestInterest).toBeDefined();
    expect(JSON.stringify(bestInterest?.extension ?? [])).toContain('best-interest meeting');
  });

  it('includes a refused consent whose flag has no details', () => {
    const refused = built().find((b) => b.demo.record?.consent?.state === 'refused');
    const kinds = resources(refused?.bundle ?? { resourceType: 'Bundle', type: 'transaction' }).map((r) => r?.resourceType);
    expect(kinds).toEqual(['Patient', 'Flag', 'Consent']);
    const consent = resources(refused?.bundle as Bundle)[2] as Consent;
    expect(consent.provision?.purpose?.map((p) => p.code)).toEqual(['RADISSENT']);
  });

  it('includes a person with no flag at all: only a Patient', () => {
    const bare = built().find((b) => b.demo.record === undefined);
    expect(resources(bare?.bundle as Bundle).map((r) => r?.resourceType)).toEqual(['Patient']);
  });

  it('includes a Health Action Plan and a named care coordinator', () => {
    const flags = built().flatMap((b) => resources(b.bundle)).filter((r): r is Flag => r?.resourceType === 'Flag');
    const text = JSON.stringify(flags);
    expect(text).toContain('Annual health check');
    expect(text).toContain('Anita Kowalska');
  });

  it('includes a person with several adjustments and impairments', () => {
    const most = Math.max(...demoRecords.map((d) => (d.record?.adjustments?.length ?? 0) + (d.record?.impairments?.length ?? 0)));
    expect(most).toBeGreaterThanOrEqual(6);
  });
});
