import { describe, expect, it } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../outcome/issue.js';
import { normalised, notCarried, reportUnread, snomedSystemOf } from './stu3-issues.js';

describe('STU3 conversion issues', () => {
  it('notCarried is a warning unless the item became unusable', () => {
    const warning = notCarried('Flag.colour', 'element "colour"');
    expect(warning).toMatchObject({ severity: 'warning', code: 'not-supported', expression: ['Flag.colour'] });
    expect(warning.details?.text).toBe('Not carried into the R4 record: element "colour".');
    expect(issueId(warning)).toBe('mapping.not-carried');
    expect(notCarried('Flag.code', 'x', 'error').severity).toBe('error');
  });

  it('normalised is information', () => {
    const issue = normalised('Flag.code.coding[0].system', 'y');
    expect(issue).toMatchObject({ severity: 'information', expression: ['Flag.code.coding[0].system'] });
    expect(issueId(issue)).toBe('mapping.normalised');
  });

  it('snomedSystemOf normalises https and says where', () => {
    const issues: OperationOutcomeIssue[] = [];
    const coding = { system: 'https://snomed.info/sct', code: '1', display: undefined, path: 'Flag.code.coding[0]' };
    expect(snomedSystemOf(coding, issues)).toBe('http://snomed.info/sct');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.expression).toEqual(['Flag.code.coding[0].system']);
    expect(issues[0]?.details?.text).toBe(
      'Normalised: SNOMED CT system in Flag.code.coding[0].system changed from https://snomed.info/sct to http://snomed.info/sct.',
    );
  });

  it('snomedSystemOf leaves other systems alone, silently', () => {
    const issues: OperationOutcomeIssue[] = [];
    const coding = { system: 'http://snomed.info/sct', code: '1', display: undefined, path: 'Flag.code.coding[0]' };
    expect(snomedSystemOf(coding, issues)).toBe('http://snomed.info/sct');
    expect(issues).toEqual([]);
  });

  it('reportUnread names every unread key at its JSON key and never its value', () => {
    const issues: OperationOutcomeIssue[] = [];
    reportUnread({ id: 'a', fhir_comments: ['secret note'], _id: {}, colour: 'crimson-value' }, 'Consent', new Set(['id']), issues);
    expect(issues.map((i) => i.expression?.[0])).toEqual(['Consent.fhir_comments', 'Consent._id', 'Consent.colour']);
    expect(issues.map((i) => i.details?.text)).toEqual([
      'Not carried into the R4 record: fhir_comments (comments from the retired DSTU2-era JSON format).',
      'Not carried into the R4 record: _id (extensions or comments on a primitive element).',
      'Not carried into the R4 record: element "colour", which the R4 record has no place for.',
    ]);
    expect(JSON.stringify(issues)).not.toContain('secret');
    expect(JSON.stringify(issues)).not.toContain('crimson-value');
  });

  it('reportUnread makes a modifierExtension an error and tells the caller', () => {
    const issues: OperationOutcomeIssue[] = [];
    expect(reportUnread({ id: 'a' }, 'Flag', new Set(['id']), issues)).toBe(false);
    expect(reportUnread({ modifierExtension: [] }, 'Flag', new Set(), issues)).toBe(true);
    expect(issues.map((i) => [i.severity, i.expression?.[0]])).toEqual([['error', 'Flag.modifierExtension']]);
  });
});
