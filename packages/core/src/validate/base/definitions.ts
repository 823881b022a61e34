/**
 * Decodes the generated R4 type tables (`types.generated.ts`) into Maps the walker can use. A type
 * is decoded the first time it is needed and kept, so validating a Flag decodes only the dozen
 * types a Flag touches.
 */
import { primitiveFormat, type PrimitiveFormat } from './primitive-formats.js';
import { DATATYPES, OPEN_TYPES, PRIMITIVE_TYPES, RESOURCE_TYPES, TYPES } from './types.generated.js';
import type { TypeHook } from './walk-context.js';

export const KIND_PRIMITIVE = 0;
export const KIND_COMPLEX = 1;
export const KIND_RESOURCE = 2;

/** Type-specific checks the walker runs after the generic ones. */
export const SPECIAL_NONE = 0;
export const SPECIAL_REFERENCE = 1;
export const SPECIAL_CODEABLE_CONCEPT = 2;
export const SPECIAL_CODING = 3;
export const SPECIAL_EXTENSION = 4;

export interface ElementDef {
  /** Element name without `[x]`: `value` for `valueString`. */
  readonly name: string;
  /** JSON property name. */
  readonly key: string;
  /** JSON property name of the primitive's extension: `_birthDate`. */
  readonly extKey: string;
  /** Appended to the parent's path: `.status` or `.value.ofType(Annotation)`. */
  readonly suffix: string;
  readonly min: number;
  /** 0, 1 or Infinity. */
  readonly max: number;
  readonly repeats: boolean;
  readonly kind: number;
  /** Primitive name, datatype name, backbone type id (`Bundle.entry`) or resource type. */
  readonly type: string;
  readonly primitive: PrimitiveFormat | undefined;
  /** Allowed Reference target types; undefined means any. */
  readonly targets: ReadonlySet<string> | undefined;
  /** Index into VALUE_SETS of a required binding, or -1. */
  readonly valueSet: number;
  readonly choice: boolean;
  /** `contained` of a DomainResource. */
  readonly contained: boolean;
  /** Resolved on first use. */
  complexType: TypeDef | undefined;
  /** A primitive other than xhtml, which `xhtml.ts` checks beyond its format. */
  readonly plainPrimitive: boolean;
  /** canonical, uri or url: a `#id` value refers to a contained resource. */
  readonly uriLike: boolean;
  /** This element's bit in its type's `requiredMask` (0 when it is not required). */
  readonly requiredBit: number;
}

export interface RequiredElement {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** JSON keys (both `x` and `_x`, every variant of a choice) any of which satisfies it. */
  readonly keys: readonly string[];
}

export interface TypeDef {
  /** Type name or backbone type id (`Bundle.entry`). */
  readonly name: string;
  readonly isResource: boolean;
  readonly elements: ReadonlyMap<string, ElementDef>;
  readonly required: readonly RequiredElement[];
  /**
   * Every required element's bit (see `ElementDef.requiredBit`): an object whose present keys
   * cover it has all its required elements, which the walker then need not look up one by one.
   * -1 (never covered) for a type with more required elements than bits.
   */
  readonly requiredMask: number;
  readonly special: number;
  /** Whether it has a `system` element (Coding, Identifier, Quantity…): what `Sightings` looks at. */
  readonly hasSystem: boolean;
  /** The JSON key last met at each position of an object of this type, and its element (see `elementAt`). */
  readonly recentKeys: (string | undefined)[];
  readonly recentElements: (ElementDef | undefined)[];
  /** Invariant hook, cached by the walker (undefined until looked up, null when there is none). */
  hook: TypeHook | null | undefined;
}

const resourceTypes: ReadonlySet<string> = new Set(RESOURCE_TYPES.split(' '));
const primitiveTypes: ReadonlySet<string> = new Set(PRIMITIVE_TYPES.split(' '));
const datatypes: ReadonlySet<string> = new Set(DATATYPES.split(' '));

/** Every concrete R4 resource type. */
export const r4ResourceTypes: readonly string[] = RESOURCE_TYPES.split(' ');
/** Every R4 complex datatype (including Element, BackboneElement, SimpleQuantity, MoneyQuantity). */
export const r4Datatypes: readonly string[] = DATATYPES.split(' ');
/** Every R4 primitive type. */
export const r4Primitives: readonly string[] = PRIMITIVE_TYPES.split(' ');

export const isResourceType = (name: string): boolean => resourceTypes.has(name);

const INHERITED: Readonly<Record<string, string>> = {
  R: 'id?id;meta?Meta;implicitRules?uri;language?code',
  D: 'id?id;meta?Meta;implicitRules?uri;language?code;text?Narrative;contained*Resource;extension*Extension;modifierExtension*Extension',
  E: 'id?string;extension*Extension',
  B: 'id?string;extension*Extension;modifierExtension*Extension',
};

const SPECIALS: Readonly<Record<string, number>> = {
  Reference: SPECIAL_REFERENCE,
  CodeableConcept: SPECIAL_CODEABLE_CONCEPT,
  Coding: SPECIAL_CODING,
  Extension: SPECIAL_EXTENSION,
};

const URI_LIKE: ReadonlySet<string> = new Set(['canonical', 'uri', 'url']);

/** Required elements a type's `requiredMask` can hold; no R4 type has more (past it, the mask is -1). */
export const MAX_REQUIRED_BITS = 30;

const ELEMENT_RE = /^([A-Za-z0-9_]+)(\[x\])?([?!*+-])(.*)$/;
const TYPE_RE = /^([A-Za-z0-9]+)(?:=(\d+)|\(([A-Za-z,]+)\))?$/;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The part of a choice element's JSON key that names the type: Quantity for SimpleQuantity. */
const choiceTypeName = (type: string): string =>
  type === 'SimpleQuantity' || type === 'MoneyQuantity' ? 'Quantity' : capitalise(type);

/** The type name FHIRPath's ofType() uses: the FHIR type, with the Quantity profiles as Quantity. */
const ofTypeName = (type: string): string =>
  type === 'SimpleQuantity' || type === 'MoneyQuantity' ? 'Quantity' : type;

interface ParsedType {
  readonly type: string;
  readonly valueSet: number;
  readonly targets: ReadonlySet<string> | undefined;
}

function parseType(token: string, owner: string, name: string): ParsedType {
  if (token === '@') return { type: `${owner}.${name}`, valueSet: -1, targets: undefined };
  if (token.startsWith('#')) return { type: token.slice(1), valueSet: -1, targets: undefined };
  const m = TYPE_RE.exec(token);
  if (!m) return { type: token, valueSet: -1, targets: undefined };
  return {
    type: m[1] ?? token,
    valueSet: m[2] === undefined ? -1 : Number(m[2]),
    targets: m[3] === undefined ? undefined : new Set(m[3].split(',')),
  };
}

function kindOf(type: string): number {
  if (primitiveTypes.has(type)) return KIND_PRIMITIVE;
  if (type === 'Resource' || resourceTypes.has(type)) return KIND_RESOURCE;
  return KIND_COMPLEX;
}

function decode(name: string): TypeDef | undefined {
  const spec = TYPES[name];
  if (spec === undefined) return undefined;
  const kind = spec.charAt(0);
  const own = spec.length > 2 ? spec.slice(2).split(';') : [];
  const elements = new Map<string, ElementDef>();
  const required: RequiredElement[] = [];
  let requiredMask = 0;
  const byName = new Map<string, string>();
  for (const el of (INHERITED[kind] ?? '').split(';')) byName.set(el.slice(0, el.search(/[?!*+-]/)), el);
  for (const el of own) byName.set(el.slice(0, el.search(/[?!*+-]/)).replace('[x]', ''), el);

  for (const el of byName.values()) {
    const m = ELEMENT_RE.exec(el);
    if (!m) continue;
    const elementName = m[1] ?? '';
    const choice = m[2] !== undefined;
    const cardinality = m[3] ?? '?';
    const tokens = m[4] === '~' ? OPEN_TYPES.split('|') : (m[4] ?? '').split('|');
    // The extension's url is checked by the Extension rule, which has its own message.
    const min = (cardinality === '!' || cardinality === '+') && !(name === 'Extension' && elementName === 'url') ? 1 : 0;
    const max = cardinality === '-' ? 0 : cardinality === '*' || cardinality === '+' ? Infinity : 1;
    const keys: string[] = [];
    const requiredBit = min > 0 && required.length < MAX_REQUIRED_BITS ? 1 << required.length : 0;
    for (const token of tokens) {
      const parsed = parseType(token, name, elementName);
      const key = choice ? elementName + choiceTypeName(parsed.type) : elementName;
      const elementKind = kindOf(parsed.type);
      elements.set(key, {
        name: elementName,
        key,
        extKey: `_${key}`,
        suffix: choice ? `.${elementName}.ofType(${ofTypeName(parsed.type)})` : `.${elementName}`,
        min,
        max,
        repeats: max > 1,
        kind: elementKind,
        type: parsed.type,
        primitive: elementKind === KIND_PRIMITIVE ? primitiveFormat(parsed.type) : undefined,
        targets: parsed.targets,
        valueSet: parsed.valueSet,
        choice,
        contained: elementName === 'contained' && kind === 'D',
        complexType: undefined,
        plainPrimitive: elementKind === KIND_PRIMITIVE && parsed.type !== 'xhtml',
        uriLike: URI_LIKE.has(parsed.type),
        requiredBit,
      });
      keys.push(key);
      if (elementKind === KIND_PRIMITIVE) keys.push(`_${key}`);
    }
    if (min > 0) required.push({ name: elementName, min, max, keys });
    requiredMask |= requiredBit;
  }
  return {
    name,
    isResource: kind === 'R' || kind === 'D',
    elements,
    required,
    requiredMask: required.length > MAX_REQUIRED_BITS ? -1 : requiredMask,
    special: SPECIALS[name] ?? SPECIAL_NONE,
    hasSystem: elements.has('system'),
    recentKeys: Array.from({ length: RECENT_KEYS }, () => undefined),
    recentElements: Array.from({ length: RECENT_KEYS }, () => undefined),
    hook: undefined,
  };
}

/** Keys per object whose element is remembered; real FHIR objects rarely have more. */
const RECENT_KEYS = 24;

/**
 * `type.elements.get(key)` for the key at `position` in an object. Objects of one type nearly always
 * list the same keys in the same order, so the key last met at each position is remembered with its
 * element: comparing two property names (interned strings) is far cheaper than a Map lookup, and
 * the walker does this for every key of a payload.
 */
export function elementAt(type: TypeDef, key: string, position: number): ElementDef | undefined {
  if (type.recentKeys[position] === key) return type.recentElements[position];
  const def = type.elements.get(key);
  if (position < RECENT_KEYS) {
    type.recentKeys[position] = key;
    type.recentElements[position] = def;
  }
  return def;
}

const cache = new Map<string, TypeDef>();

/** The decoded definition of a resource type, datatype or backbone type id. */
export function getType(name: string): TypeDef | undefined {
  let type = cache.get(name);
  if (type === undefined) {
    type = decode(name);
    if (type !== undefined) cache.set(name, type);
  }
  return type;
}

/** The decoded type of a complex element, cached on the element. */
export function complexTypeOf(def: ElementDef): TypeDef | undefined {
  if (def.complexType === undefined) def.complexType = getType(def.type);
  return def.complexType;
}

/** Whether a name is an R4 complex datatype. */
export const isDatatype = (name: string): boolean => datatypes.has(name);
