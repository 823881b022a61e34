import { SNOMED, SNOMED_HTTPS } from '../../canonical.js';
import { displayOf, isInValueSet, valueSetSystems } from '../../terminology/index.js';
import { wellFormedCodings, type CodingAt } from '../json-read.js';
import type { Report } from './profile-report.js';

/**
 * `https://snomed.info/sct` is reported once per coding by the SNOMED scan (a warning); every
 * membership and display check then reads it as the real SNOMED CT system, so one defect gives one issue.
 */
export function lookupSystem(system: string | undefined): string | undefined {
  return system === SNOMED_HTTPS ? SNOMED : system;
}

/** Anything but case that `normaliseDisplay` changes: outer or doubled blanks, other blanks, curly apostrophes. */
const UNTIDY = /^\s|\s$|\s\s|[^\S ]|[\u2018\u2019]/;

function normaliseDisplay(display: string): string {
  // Case, runs of blanks and curly apostrophes differ between the national sources for the same concept.
  // Most displays differ by case alone, and one test spares them the trimming and two replacements.
  if (!UNTIDY.test(display)) return display.toLowerCase();
  return display.trim().replace(/\s+/g, ' ').replace(/[\u2018\u2019]/g, "'").toLowerCase();
}

/** A display that says something other than the code system's display is a warning, never an error. */
export function checkDisplay(coding: CodingAt, report: Report): void {
  const system = lookupSystem(coding.system);
  if (coding.display === undefined || system === undefined || coding.code === undefined) return;
  const expected = displayOf(system, coding.code);
  if (expected !== undefined && expected !== coding.display && normaliseDisplay(expected) !== normaliseDisplay(coding.display)) {
    report('profile.display-mismatch', `${coding.path}.display`);
  }
}

export interface Binding {
  readonly valueSet: string;
  readonly strength: 'required' | 'extensible';
  /**
   * Code systems of other generations that mean the same thing (Gen 2 `PatientFlagCategory` where Gen 3
   * wants `England-FlagCategoryPatient`), each with the system this profile wants instead.
   */
  readonly foreign?: ReadonlyMap<string, string>;
  /** Systems accepted without a membership check, such as SNOMED CT for underlying conditions. */
  readonly alsoAllowed?: readonly string[];
}

/** The first coding whose system (read as `lookupSystem` does) is one of `systems`, when `coded`, with a code. */
function firstIn(codings: readonly CodingAt[], systems: readonly string[] | undefined, coded: boolean): CodingAt | undefined {
  if (systems === undefined) return undefined;
  for (const c of codings) {
    if (coded && c.code === undefined) continue;
    if (systems.includes(lookupSystem(c.system) ?? '')) return c;
  }
  return undefined;
}

/**
 * Checks codings against a binding and answers the coding that satisfies it. At most one issue:
 * a known code system with an unknown code is reported at `.code`, a system from another
 * generation at `.system`, anything else at the element. Required bindings give errors and
 * extensible ones warnings, except that a code a closed national code system does not define is
 * always an error.
 */
export function checkCodings(
  codings: readonly CodingAt[],
  path: string,
  binding: Binding,
  report: Report,
): CodingAt | undefined {
  const { valueSet, strength } = binding;
  for (const coding of codings) {
    const system = lookupSystem(coding.system);
    if (system !== undefined && coding.code !== undefined && isInValueSet(valueSet, system, coding.code)) {
      checkDisplay(coding, report);
      return coding;
    }
  }
  const allowed = firstIn(codings, binding.alsoAllowed, true);
  if (allowed) return allowed;

  const severity = strength === 'required' ? 'error' : 'warning';
  const own = firstIn(codings, valueSetSystems(valueSet), false);
  if (own) {
    const at = `${own.path}.code`;
    const system = lookupSystem(own.system) ?? '';
    if (strength === 'required') report('profile.code-not-in-valueset', at, { valueSet });
    // SNOMED CT is open-ended; a national code system is closed, so a code it lacks does not exist.
    else if (own.code === undefined || system === SNOMED) report('profile.code-not-in-extensible-valueset', at, { valueSet });
    else report('terminology.unknown-code', at, { system });
    return undefined;
  }
  const foreign = firstForeign(codings, binding.foreign);
  if (foreign?.system !== undefined) {
    const expected = binding.foreign?.get(foreign.system) ?? '';
    report('profile.code-wrong-system', `${foreign.path}.system`, { expected }, severity);
    return undefined;
  }
  if (strength === 'extensible') {
    // Text alone is how an extensible binding says nothing fits; a code from elsewhere is allowed but flagged.
    if (codings.length > 0) report('profile.code-not-in-extensible-valueset', path, { valueSet });
    return undefined;
  }
  report('profile.code-not-in-valueset', codings[0] ? `${codings[0].path}.system` : path, { valueSet });
  return undefined;
}

/** The first coding whose system, as written, belongs to another generation. */
function firstForeign(codings: readonly CodingAt[], foreign: ReadonlyMap<string, string> | undefined): CodingAt | undefined {
  if (foreign === undefined) return undefined;
  for (const c of codings) if (c.system !== undefined && foreign.has(c.system)) return c;
  return undefined;
}

/** `checkCodings` for a CodeableConcept at `path`; wrong shapes are left to the base rules. */
export function checkConcept(concept: unknown, path: string, binding: Binding, report: Report): CodingAt | undefined {
  const codings = wellFormedCodings(concept, path);
  return codings === undefined ? undefined : checkCodings(codings, path, binding, report);
}
