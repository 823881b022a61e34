/**
 * Narrowing helpers for the profile, business and STU3 rules. They read submitted JSON whose shape
 * the base rules have not (yet) vouched for, so every read checks and nothing is assumed.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export { isJsonObject as isObject, stringOf } from '../json/json-value.js';
import { isJsonObject as isObject, stringOf } from '../json/json-value.js';

export interface Indexed<T> {
  readonly value: T;
  readonly index: number;
}

/**
 * The object items of a repeating element with their positions. Anything that is not an array
 * yields nothing: a wrong JSON shape is the base rules' to report, not ours.
 */
export function itemsOf(value: unknown): Indexed<JsonObject>[] {
  const items: Indexed<JsonObject>[] = [];
  if (!Array.isArray(value)) return items;
  for (let index = 0; index < value.length; index++) {
    // A hole reads as undefined, which is no object: what `forEach` skipping it would give.
    const item: unknown = value[index];
    if (isObject(item)) items.push({ value: item, index });
  }
  return items;
}

/** One coding of a CodeableConcept, with the expression of the coding itself. */
export interface CodingAt {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly display: string | undefined;
  readonly path: string;
}

/** The codings of a CodeableConcept at `path` (`Flag.code` → `Flag.code.coding[0]`, …). */
export function codingsOf(concept: unknown, path: string): CodingAt[] {
  const list = isObject(concept) ? concept.coding : undefined;
  if (!Array.isArray(list)) return [];
  // Sized up front: a concept usually has one coding, and a growing array starts far larger.
  const codings = new Array<CodingAt>(list.length);
  let count = 0;
  for (let index = 0; index < list.length; index++) {
    const value: unknown = list[index];
    if (!isObject(value)) continue;
    codings[count++] = {
      system: stringOf(value.system),
      code: stringOf(value.code),
      display: stringOf(value.display),
      path: `${path}.coding[${index}]`,
    };
  }
  // Trimming is a slow call, and only a coding that is no object leaves a slot unused.
  if (count < codings.length) codings.length = count;
  return codings;
}

/**
 * Whether the base rules will have passed over a value's shape: `''`, `{}` and `[]` are `base.empty`,
 * so a rule that treated them as present or absent would report the same defect again.
 */
export function isFilledObject(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  // Whether it has an own enumerable key, as `Object.keys(value).length > 0` says, without the array.
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

const filledStringOrAbsent = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value !== '');

function wellFormed(coding: unknown): coding is JsonObject {
  return (
    isFilledObject(coding) &&
    filledStringOrAbsent(coding.system) &&
    filledStringOrAbsent(coding.code) &&
    filledStringOrAbsent(coding.display)
  );
}

/**
 * The codings of a CodeableConcept for a rule to judge, or undefined when the concept or any of its
 * codings has a wrong or empty JSON shape: the base rules report that, and a rule reading half a
 * concept would report the same defect a second time.
 */
export function wellFormedCodings(concept: unknown, path: string): CodingAt[] | undefined {
  if (!isFilledObject(concept) || !filledStringOrAbsent(concept.text)) return undefined;
  const { coding } = concept;
  if (coding !== undefined && (!Array.isArray(coding) || coding.length === 0 || !coding.every(wellFormed))) return undefined;
  return codingsOf(concept, path);
}

/** A bare Coding (Consent.provision.purpose) for a rule to judge; undefined when its shape is wrong. */
export function wellFormedCoding(coding: unknown, path: string): CodingAt | undefined {
  return wellFormed(coding) ? codingAt(coding, path) : undefined;
}

/**
 * A text element a rule needs: true when absent or blank. An empty string is the base rules' to
 * report (`base.empty`), and a value of the wrong type too, so neither counts as missing here.
 */
export function textMissing(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value !== '' && value.trim() === '');
}

/** A bare Coding at `path` (elements typed Coding, such as Consent.provision.purpose). */
export function codingAt(coding: unknown, path: string): CodingAt | undefined {
  if (!isObject(coding)) return undefined;
  return {
    system: stringOf(coding.system),
    code: stringOf(coding.code),
    display: stringOf(coding.display),
    path,
  };
}
