import type { CodeableConcept, Coding, OperationOutcomeIssue } from 'fhir/r4.js';
import { SNOMED, SNOMED_HTTPS } from '../canonical.js';
import { makeIssue } from '../outcome/issue.js';
import { displayOf } from '../terminology/index.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';

/** A coding with the display raflag ships for it (a given display wins, for codes the terminology lacks). */
export function coding(system: string, code: string, display?: string): Coding {
  const shown = display ?? displayOf(system, code);
  return shown === undefined ? { system, code } : { system, code, display: shown };
}

export function concept(system: string, code: string, display?: string): CodeableConcept {
  return { coding: [coding(system, code, display)] };
}

/** One coding as read from input, with the FHIRPath of the coding it came from. */
export interface ReadCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  readonly at: string;
}

/**
 * The usable codings of a CodeableConcept (both system and code present). `https://snomed.info/sct`
 * is read as SNOMED CT with a warning (domain.md §7 item 6).
 */
export function readCodings(value: unknown, at: string, issues: OperationOutcomeIssue[]): ReadCoding[] {
  if (!isObject(value)) return [];
  const out: ReadCoding[] = [];
  for (const [c, index] of objectsIn(value['coding'])) {
    const system = stringAt(c['system']);
    const code = stringAt(c['code']);
    if (system === undefined || code === undefined) continue;
    const codingAt = `${at}.coding[${index}]`;
    if (system === SNOMED_HTTPS) issues.push(makeIssue('terminology.snomed-https', `${codingAt}.system`));
    const display = stringAt(c['display']);
    out.push({ system: system === SNOMED_HTTPS ? SNOMED : system, code, at: codingAt, ...(display === undefined ? {} : { display }) });
  }
  return out;
}

/** The first coding for which `from` answers, with its answer. */
export function firstMatch<T>(
  codings: readonly ReadCoding[],
  from: (system: string, code: string) => T | undefined,
): { value: T; coding: ReadCoding } | undefined {
  for (const c of codings) {
    const value = from(c.system, c.code);
    if (value !== undefined) return { value, coding: c };
  }
  return undefined;
}

/** The codings of each `category[i]`, with the index. */
export function readCategories(resource: JsonObject, at: string, issues: OperationOutcomeIssue[]): { index: number; codings: ReadCoding[] }[] {
  return objectsIn(resource['category']).map(([cc, index]) => ({ index, codings: readCodings(cc, `${at}.category[${index}]`, issues) }));
}
