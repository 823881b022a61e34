import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { issueId } from '../../outcome/issue.js';
import { checkBase } from './check-base.js';
import { r4ResourceTypes } from './definitions.js';
import { baseIssues } from './test-support/base-issues.js';

const nationalDir = fileURLToPath(new URL('../../__fixtures__/national/', import.meta.url));

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('checkBase: what kind of payload', () => {
  it.each([
    ['a string', 'Flag'],
    ['an array', []],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
  ])('rejects %s as not an object and stops', (found, payload) => {
    const issues: OperationOutcomeIssue[] = [];
    expect(checkBase(payload, issues)).toBe(false);
    expect(issues).toHaveLength(1);
    expect(issueId(issues[0] ?? {} as OperationOutcomeIssue)).toBe('payload.not-object');
    expect(issues[0]?.diagnostics).toContain(found);
  });

  it('rejects an object without resourceType and stops', () => {
    const issues: OperationOutcomeIssue[] = [];
    expect(checkBase({ id: 'x', status: 'active' }, issues)).toBe(false);
    expect(issues.map(issueId)).toEqual(['payload.no-resource-type']);
  });

  it('rejects an unknown resourceType, naming the type, and stops', () => {
    const issues: OperationOutcomeIssue[] = [];
    expect(checkBase({ resourceType: 'Flagg', status: 'active' }, issues)).toBe(false);
    expect(issues.map(issueId)).toEqual(['payload.unknown-resource-type']);
    expect(issues[0]?.diagnostics).toContain('"Flagg"');
  });

  it.each([['Resource'], ['DomainResource'], ['MetadataResource'], ['SubscriptionStatus']])(
    'treats %s (abstract, logical or not R4) as unknown',
    (resourceType) => {
      expect(baseIssues({ resourceType })).toEqual([{ id: 'payload.unknown-resource-type', expression: undefined }]);
    },
  );

  it('does not echo a resourceType that is not a type name', () => {
    const issues: OperationOutcomeIssue[] = [];
    checkBase({ resourceType: 'Alan Mann 9912003888' }, issues);
    expect(issues[0]?.diagnostics).not.toContain('Alan');
  });

  it('returns true and stays silent for a minimal valid resource of every R4 type that needs nothing', () => {
    let checked = 0;
    for (const resourceType of r4ResourceTypes) {
      const issues: OperationOutcomeIssue[] = [];
      expect(checkBase({ resourceType }, issues)).toBe(true);
      // Only required elements, or an invariant needing one of two (Consent ppc-1), can be missing.
      for (const issue of issues) expect(['base.required-missing', 'base.invariant'], resourceType).toContain(issueId(issue));
      checked++;
    }
    expect(checked).toBe(146);
  });
});

describe('checkBase on the national R4 examples', () => {
  const files = [
    ...readdirSync(nationalDir).filter((f) => /^0[56]-.*\.json$/.test(f)),
    ...readdirSync(`${nationalDir}extra`).filter((f) => f.startsWith('r4-')).map((f) => `extra/${f}`),
  ];

  it('finds the example files', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it.each(files)('%s has no base-rule issues', (file) => {
    const issues: OperationOutcomeIssue[] = [];
    expect(checkBase(readJson(`${nationalDir}${file}`), issues)).toBe(true);
    expect(issues.map((i) => `${issueId(i)} ${i.expression?.[0]}`)).toEqual([]);
  });

  it('still finds what is wrong in the STU3 examples (they are detected before this stage)', () => {
    const issues = baseIssues(readJson(`${nationalDir}02-consent-stu3-RARecord-Consent-1-example-1-lpa.json`));
    expect(issues).toContainEqual({ id: 'base.unknown-element', expression: 'Consent.fhir_comments' });
    expect(issues).toContainEqual({ id: 'base.required-missing', expression: 'Consent.scope' });
  });
});

describe('checkBase never echoes submitted values', () => {
  it('keeps patient data out of every message', () => {
    const secret = 'Zebedee-9912003888';
    const issues: OperationOutcomeIssue[] = [];
    checkBase(
      {
        resourceType: 'Patient',
        [secret]: secret,
        id: `${secret} bad`,
        gender: secret,
        birthDate: secret,
        name: [{ given: secret, family: [secret] }],
        telecom: [{ value: secret }],
        generalPractitioner: [{ reference: `${secret} x` }],
        contained: [{ resourceType: secret }],
      },
      issues,
    );
    expect(issues.length).toBeGreaterThan(6);
    for (const issue of issues) {
      expect(issue.diagnostics).not.toContain('Zebedee');
      expect(issue.details?.text).not.toContain('Zebedee');
    }
  });
});
