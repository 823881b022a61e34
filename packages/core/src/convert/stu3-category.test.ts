import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { checkNrafCategory } from './stu3-category.js';
import { issueSummary, nraf } from './test-support/stu3-builders.js';

const legacy = { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/CodeSystem-RARecord-FlagCategory-1', code: 'reasonable adjustments flag' }] };

describe('checkNrafCategory', () => {
  it.each([
    ['a single CodeableConcept (STU3 Flag)', nraf()],
    ['a list (STU3 Consent)', [legacy, nraf()]],
  ])('accepts NRAF in %s', (_label, category) => {
    const issues: OperationOutcomeIssue[] = [];
    checkNrafCategory(category, 'Flag.category', issues);
    expect(issues).toEqual([]);
  });

  it.each([
    ['the 2018 legacy category', legacy],
    ['no category', undefined],
    ['an empty list', []],
  ])('reports %s as not carried', (_label, category) => {
    const issues: OperationOutcomeIssue[] = [];
    checkNrafCategory(category, 'Flag.category', issues);
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'warning', 'Flag.category']]);
  });
});
