import { describe, expect, it } from 'vitest';
import { INVARIANTS } from './invariants.generated.js';
import { compareDateTimes, INVARIANT_HOOKS } from './invariants.js';
import { getType } from './definitions.js';
import { baseIssues, rawBaseIssues } from './test-support/base-issues.js';

describe('compareDateTimes (FHIRPath comparison for per-1)', () => {
  it.each([
    ['2024-01-01', '2024-01-02', -1],
    ['2024-01-02', '2024-01-01', 1],
    ['2024-01-01', '2024-01-01', 0],
    ['2024', '2025-06', -1],
    ['2024-06', '2024', undefined],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00+01:00', 3600000],
    ['2024-01-01T10:00:00Z', '2024-01-01', undefined],
    ['2024-01-02T10:00:00Z', '2024-01-01', 1],
  ])('compares %s with %s', (a, b, expected) => {
    const result = compareDateTimes(a, b);
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(Math.sign(result ?? Number.NaN) * (Math.abs(expected) === 1 ? 1 : Math.abs(expected))).toBe(expected);
  });
});

describe('datatype invariants', () => {
  const observation = (extra: Record<string, unknown>) => ({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, ...extra });

  it.each([
    ['per-1 backwards', { effectivePeriod: { start: '2024-02-01', end: '2024-01-01' } }, 'base.invariant', 'Observation.effective.ofType(Period)'],
    ['qty-3 on Quantity', { valueQuantity: { value: 1, code: 'kg' } }, 'base.invariant', 'Observation.value.ofType(Quantity).system'],
    ['qty-3 on a SimpleQuantity', { referenceRange: [{ low: { value: 1, code: 'kg' } }] }, 'base.invariant', 'Observation.referenceRange[0].low.system'],
    ['a comparator on a SimpleQuantity', { referenceRange: [{ low: { value: 1, comparator: '<' } }] }, 'base.too-many', 'Observation.referenceRange[0].low.comparator'],
    ['att-1', { extension: [{ url: 'http://x.org/e', valueAttachment: { data: 'eA==' } }] }, 'base.invariant', 'Observation.extension[0].value.ofType(Attachment).contentType'],
    ['a contact point value without system', { performer: [{ display: 'x' }], extension: [{ url: 'http://x.org/e', valueContactPoint: { value: '0123' } }] }, 'base.invariant', 'Observation.extension[0].value.ofType(ContactPoint).system'],
  ])('%s', (_name, extra, id, expression) => {
    expect(baseIssues(observation(extra))).toEqual([{ id, expression }]);
  });

  it.each([
    [{ effectivePeriod: { start: '2024-01-01', end: '2024-01-01T10:00:00Z' } }],
    [{ effectivePeriod: { start: '2024-01-01T10:00:00+01:00', end: '2024-01-01T09:30:00Z' } }],
    [{ effectivePeriod: { start: '2024-01-01' } }],
    [{ valueQuantity: { value: 1, system: 'http://unitsofmeasure.org', code: 'kg' } }],
    [{ extension: [{ url: 'http://x.org/e', valueAttachment: { contentType: 'text/plain', data: 'eA==' } }] }],
  ])('accept %j', (extra) => {
    expect(baseIssues(observation(extra))).toEqual([]);
  });

  it('uses the constraint text of the StructureDefinition', () => {
    const [issue] = rawBaseIssues(observation({ effectivePeriod: { start: '2024-02-01', end: '2024-01-01' } }));
    expect(issue?.diagnostics).toBe(`Constraint per-1 failed: ${INVARIANTS['per-1']?.[1] ?? ''}`);
  });

  it('has a hook for every type it names, and human text for every invariant', () => {
    for (const name of INVARIANT_HOOKS.keys()) expect(getType(name), name).toBeDefined();
    for (const [key, [severity, human]] of Object.entries(INVARIANTS)) {
      expect(['error', 'warning'], key).toContain(severity);
      expect(human.length, key).toBeGreaterThan(10);
    }
  });
});
