import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it, vi } from 'vitest';
import { raflagUrl } from '../canonical.js';
import { issueId } from '../outcome/issue.js';
import type * as validateModule from './validate.js';
import { validate } from './validate.js';
import { MAX_DEPTH, validateText } from './validate-text.js';

// Spy on validate() while keeping its real behaviour, so the tests can see what it was given.
vi.mock('./validate.js', async (importOriginal) => {
  const original = await importOriginal<typeof validateModule>();
  return { ...original, validate: vi.fn(original.validate) };
});

const positionOf = (issue: OperationOutcomeIssue | undefined): { line?: number; column?: number } => {
  const parts = issue?.extension?.find((e) => e.url === raflagUrl.issuePositionExtension)?.extension ?? [];
  return {
    line: parts.find((p) => p.url === 'line')?.valueInteger,
    column: parts.find((p) => p.url === 'column')?.valueInteger,
  };
};

/** What validate() says about the same value, without its "no issues" placeholder. */
const valueIssues = (text: string): OperationOutcomeIssue[] =>
  validate(JSON.parse(text)).issue.filter((issue) => issueId(issue) !== 'ok');

const flag = {
  resourceType: 'Flag',
  id: 'adjustment-1',
  status: 'active',
  category: [{ coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategory', code: 'communication' }] }],
  code: { coding: [{ system: 'http://snomed.info/sct', code: '1240311000000100' }] },
  subject: { reference: 'Patient/9000000009' },
};

describe('validateText: text that is not JSON', () => {
  it.each([
    ['empty text', '', 'no JSON value: the text is empty or only whitespace', 1, 1],
    ['a trailing comma', '{\n  "resourceType": "Flag",\n}', 'trailing comma', 2, 25],
    ['an unterminated string', '{"resourceType": "Flag', 'unterminated string', 1, 18],
    ['a comment', '{\n  // why\n  "resourceType": "Flag"\n}', 'comments are not allowed in JSON', 2, 3],
    ['NaN', '{"resourceType": "Observation", "valueInteger": NaN}', 'invalid literal: only true, false and null are allowed', 1, 49],
  ])('answers %s with one fatal issue and its position', (_label, text, problem, line, column) => {
    const outcome = validateText(text);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue).toHaveLength(1);
    const [issue] = outcome.issue;
    expect(issue?.severity).toBe('fatal');
    expect(issue?.code).toBe('structure');
    expect(issueId(issue!)).toBe('syntax.invalid-json');
    expect(issue?.expression).toBeUndefined();
    expect(positionOf(issue)).toEqual({ line, column });
    expect(issue?.diagnostics).toBe(`The text is not valid JSON: ${problem} at line ${line}, column ${column}.`);
  });

  it('does not validate anything else when the syntax is broken', () => {
    // Both a duplicate key and a non-object would be reported if parsing had gone on.
    const outcome = validateText('{"a": 1, "a": 2} []');
    expect(outcome.issue.map(issueId)).toEqual(['syntax.invalid-json']);
  });

  it('never echoes submitted values in a syntax problem', () => {
    const outcome = validateText('{"resourceType": "Patient", "name": [{"family": "Smith" "given": ["Jane"]}]}');
    expect(issueId(outcome.issue[0]!)).toBe('syntax.invalid-json');
    expect(JSON.stringify(outcome)).not.toMatch(/Smith|Jane/);
  });
});

describe('validateText: nesting', () => {
  it('stops at 10,000 levels with one fatal issue instead of overflowing the stack', () => {
    const text = `{"resourceType": "Basic", "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const outcome = validateText(text);
    expect(outcome.issue).toHaveLength(1);
    const [issue] = outcome.issue;
    expect(issueId(issue!)).toBe('syntax.too-deep');
    expect(issue?.severity).toBe('fatal');
    expect(issue?.code).toBe('too-costly');
    // The root object is level 1, so the 500th bracket opens level 501.
    expect(positionOf(issue)).toEqual({ line: 1, column: 31 + 500 });
    expect(issue?.diagnostics).toBe(`Arrays and objects are nested more than ${MAX_DEPTH} levels deep (line 1, column 531); raflag does not validate beyond that depth.`);
  });

  it('validates nesting up to the limit as usual', () => {
    const depth = MAX_DEPTH - 1;
    const text = `{"resourceType": "Basic", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const outcome = validateText(text);
    expect(outcome.issue.map(issueId)).not.toContain('syntax.too-deep');
    expect(outcome).toEqual(validate(JSON.parse(text)));
  });
});

describe('validateText: duplicate keys', () => {
  const text = [
    '{',
    '  "resourceType": "Flag",',
    '  "status": "active",',
    '  "category": [',
    '    { "coding": [ { "system": "http://a", "code": "x", "code": "y" } ] }',
    '  ],',
    '  "status": "inactive"',
    '}',
  ].join('\n');

  it('reports each duplicate as an error at its FHIRPath and position, then what validate() finds', () => {
    const outcome = validateText(text);
    const [first, second, ...rest] = outcome.issue;
    expect(issueId(first!)).toBe('syntax.duplicate-key');
    expect(first?.severity).toBe('error');
    expect(first?.expression).toEqual(['Flag.category[0].coding[0].code']);
    expect(positionOf(first)).toEqual({ line: 5, column: 56 });
    expect(first?.diagnostics).toBe('The key "code" appears more than once in the same object (line 5, column 56).');
    expect(issueId(second!)).toBe('syntax.duplicate-key');
    expect(second?.expression).toEqual(['Flag.status']);
    expect(positionOf(second)).toEqual({ line: 7, column: 3 });
    expect(rest).toEqual(valueIssues(text));
  });

  it('validates the value JSON.parse would give (the last duplicate wins)', () => {
    vi.mocked(validate).mockClear();
    validateText(text, { profile: 'https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment' });
    expect(validate).toHaveBeenCalledWith(JSON.parse(text), {
      profile: 'https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment',
    });
  });

  it('does not add the "no issues" placeholder next to a duplicate', () => {
    const outcome = validateText('{"a": 1, "a": 2}');
    expect(outcome.issue.map(issueId)).not.toContain('ok');
    expect(outcome.issue.filter((issue) => issueId(issue) === 'syntax.duplicate-key')).toHaveLength(1);
    expect(outcome.issue[0]?.expression).toEqual(['$.a']);
  });

  it('names the key but never the values', () => {
    const outcome = validateText('{"resourceType": "Patient", "name": [{"family": "Smith", "family": "Jones"}]}');
    const duplicate = outcome.issue.find((issue) => issueId(issue) === 'syntax.duplicate-key');
    expect(duplicate?.expression).toEqual(['Patient.name[0].family']);
    expect(JSON.stringify(duplicate)).toContain('family');
    expect(JSON.stringify(duplicate)).not.toMatch(/Smith|Jones/);
  });
});

describe('validateText: well-formed JSON', () => {
  it('gives exactly what validate() gives for the parsed value', () => {
    const text = JSON.stringify(flag, null, 2);
    expect(validateText(text)).toEqual(validate(JSON.parse(text)));
  });

  it('accepts a byte order mark at the start', () => {
    const text = JSON.stringify(flag);
    expect(validateText(`\ufeff${text}`)).toEqual(validateText(text));
    expect(validateText(`\ufeff${text}`).issue.map(issueId)).not.toContain('syntax.invalid-json');
  });

  it('passes options through to validate()', () => {
    vi.mocked(validate).mockClear();
    validateText(JSON.stringify(flag), { profile: 'https://example.org/p' });
    expect(validate).toHaveBeenCalledTimes(1);
    expect(validate).toHaveBeenCalledWith(flag, { profile: 'https://example.org/p' });
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"Flag"'],
    ['null', 'null'],
  ])('hands %s to validate() rather than judging it itself', (_label, text) => {
    expect(validateText(text)).toEqual(validate(JSON.parse(text)));
  });
});
