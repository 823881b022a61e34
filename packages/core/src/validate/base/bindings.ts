/**
 * Required bindings of the base R4 definitions, checked against the offline expansions in
 * `value-sets.generated.ts`. Each value set is decoded the first time an element bound to it is
 * seen, so a page that validates a Flag never decodes the 200 others.
 */
import { VALUE_SETS } from './value-sets.generated.js';

interface DecodedValueSet {
  readonly url: string;
  readonly codes: ReadonlySet<string>;
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
}

const decoded: (DecodedValueSet | undefined)[] = [];

/** The URL prefixes the generator abbreviates (see scripts/generate-definitions.ts). */
const PREFIXES: Readonly<Record<string, string>> = {
  $: 'http://hl7.org/fhir/ValueSet/',
  '^': 'http://terminology.hl7.org/CodeSystem/',
  '~': 'http://terminology.hl7.org/ValueSet/',
  '%': 'http://hl7.org/fhir/',
};

const expandUrl = (url: string): string => {
  const prefix = PREFIXES[url.charAt(0)];
  return prefix === undefined ? url : prefix + url.slice(1);
};

function valueSet(index: number): DecodedValueSet | undefined {
  const cached = decoded[index];
  if (cached !== undefined) return cached;
  const encoded = VALUE_SETS[index];
  if (encoded === undefined) return undefined;
  const [abbreviated = '', ...parts] = encoded.split('|');
  const url = expandUrl(abbreviated);
  const codes = new Set<string>();
  const bySystem = new Map<string, ReadonlySet<string>>();
  for (const part of parts) {
    const [system = '', ...list] = part.split(' ');
    bySystem.set(expandUrl(system), new Set(list));
    for (const code of list) codes.add(code);
  }
  const result = { url, codes, bySystem };
  decoded[index] = result;
  return result;
}

/** The canonical URL of a bound value set. */
export function valueSetUrl(index: number): string {
  return valueSet(index)?.url ?? '';
}

/** Whether a bare code (a `code` element) is in the value set, whatever its system. */
export function codeInValueSet(index: number, code: string): boolean {
  return valueSet(index)?.codes.has(code) ?? true;
}

/**
 * Whether a Coding's system and code are in the value set. A Coding with no system can only be
 * judged by its code.
 */
export function codingInValueSet(index: number, system: unknown, code: string): boolean {
  const vs = valueSet(index);
  if (!vs) return true;
  if (typeof system !== 'string') return vs.codes.has(code);
  return vs.bySystem.get(system)?.has(code) ?? false;
}

/** Number of expanded value sets, for tests. */
export const valueSetCount = VALUE_SETS.length;
