import { makeIssue, toOutcome, type MessageId } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { validationStatus } from './validation-status.js';

describe('validationStatus', () => {
  it.each([
    [['base.unknown-element'], 400],
    [['syntax.invalid-json'], 400],
    [['bundle.fullurl-duplicate'], 400],
    [['contained.no-id'], 400],
    [['business.nhs-number-check-digit'], 422],
    [['profile.best-interest-summary-required'], 422],
    [['business.subject-mismatch', 'base.unknown-element'], 400],
    [['base.extensible-binding'], undefined],
    [[], undefined],
  ] as [MessageId[], number | undefined][])('%j → %s', (ids, expected) => {
    expect(validationStatus(toOutcome(ids.map((id) => makeIssue(id, 'Patient'))))).toBe(expected);
  });
});
