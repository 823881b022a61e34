import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { containedOf, recordedFrom } from './stu3-recorded.js';
import { issueSummary, provenance, RECORDED } from './test-support/stu3-builders.js';

const update = () =>
  provenance({
    id: 'prov-update',
    recorded: '2020-01-01T00:00:00+00:00',
    activity: { system: 'http://hl7.org/fhir/v3/DataOperation', code: 'UPDATE' },
  });

describe('containedOf', () => {
  it('splits Provenances from other contained resources, with indexed paths and ids', () => {
    const { provenances, others } = containedOf(
      { contained: [{ resourceType: 'Condition', id: 'c' }, provenance(), 'junk'] },
      'List',
    );
    expect(provenances.map((p) => [p.path, p.id])).toEqual([['List.contained[1]', 'prov-1']]);
    expect(others.map((p) => [p.path, p.id])).toEqual([['List.contained[0]', 'c']]);
  });
});

describe('recordedFrom', () => {
  const run = (resources: Record<string, unknown>[], options = {}) => {
    const issues: OperationOutcomeIssue[] = [];
    const { provenances } = containedOf({ contained: resources }, 'Flag');
    const reading = recordedFrom(provenances, 'the adjustment', 'Flag.contained', options, issues);
    return { reading, issues };
  };

  it('keeps who first recorded the item: the CREATE Provenance, wherever it is', () => {
    const { reading, issues } = run([update(), provenance()]);
    expect(reading.recorded?.when).toBe(RECORDED.when);
    expect(reading.sources.get('when')).toBe('Flag.contained[1].recorded');
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'warning', 'Flag.contained[0]']]);
  });

  it('takes the first Provenance when none says CREATE', () => {
    const { reading } = run([update(), provenance({ activity: undefined, recorded: '2021-01-01T00:00:00Z' })]);
    expect(reading.recorded?.when).toBe('2020-01-01T00:00:00+00:00');
  });

  it('is an error to have no Provenance, since the R4 record requires who recorded it', () => {
    const { reading, issues } = run([]);
    expect(reading.recorded).toBeUndefined();
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'error', 'Flag.contained']]);
    expect(issues[0]?.details?.text).toBe(
      'Not carried into the R4 record: the adjustment, because no Provenance says who recorded it and the R4 record requires that.',
    );
  });

  it("uses the caller's default when there is no Provenance, and says so", () => {
    const fallback = { organisation: { odsCode: 'X26' }, role: RECORDED.role, when: '2024-05-01T09:00:00Z' };
    const { reading, issues } = run([], { recordedFallback: fallback });
    expect(reading.recorded).toBe(fallback);
    expect(issueSummary(issues)).toEqual([['mapping.normalised', 'information', 'Flag.contained']]);
  });
});
