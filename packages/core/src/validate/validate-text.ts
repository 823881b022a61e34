import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { parseJson } from '../json/parse-json.js';
import { issueId, makeIssue } from '../outcome/issue.js';
import { toOutcome } from '../outcome/outcome.js';
import { validate, type ValidateOptions } from './validate.js';

/**
 * The deepest nesting of arrays and objects that is validated. Real FHIR resources stay well under
 * 50 levels; the rule walkers recurse, and a browser's stack is smaller than Node's.
 */
export const MAX_DEPTH = 500;

/**
 * Validates submitted JSON text: first the text itself (RFC 8259 syntax, duplicate keys, with
 * line and column), then the parsed value exactly as `validate` does. Text that is not JSON
 * gets one fatal issue and nothing else, since there is no value to check. Never throws.
 */
export function validateText(text: string, options: ValidateOptions = {}): OperationOutcome {
  const parsed = parseJson(text, { maxDepth: MAX_DEPTH });
  if (!parsed.ok) {
    const { problem, line, column } = parsed;
    const position = { position: { line, column } };
    if (parsed.tooDeep) return toOutcome([makeIssue('syntax.too-deep', undefined, { limit: MAX_DEPTH, line, column }, position)]);
    return toOutcome([makeIssue('syntax.invalid-json', undefined, { problem, line, column }, position)]);
  }
  const issues: OperationOutcomeIssue[] = parsed.duplicates.map(({ key, path, line, column }) =>
    makeIssue('syntax.duplicate-key', path, { key, line, column }, { position: { line, column } }),
  );
  // validate() answers "no issues" with an informational issue; it only belongs in the combined
  // outcome if nothing else is there, which toOutcome decides again.
  const valueIssues = validate(parsed.value, options).issue.filter((issue) => issueId(issue) !== 'ok');
  return toOutcome([...issues, ...valueIssues]);
}
