/**
 * The generic walker: checks a JSON object against a decoded R4 type (unknown elements, JSON
 * types, arrays, cardinality, primitive formats, choice elements, primitive extensions, empty
 * values), recurses into datatypes, backbone elements and nested resources, and hands each
 * object to the rules of its type. The current path is kept as a stack of segments in the
 * context and joined only for an issue, so a valid payload allocates almost nothing.
 */
import { makeIssue } from '../../outcome/issue.js';
import { codeInValueSet, codingInValueSet, valueSetUrl } from './bindings.js';
import { checkBundle, openBundleScope } from './bundle-rules.js';
import { checkContainedResource, finishResourceScope } from './contained-rules.js';
import {
  complexTypeOf,
  elementAt,
  getType,
  isResourceType,
  KIND_PRIMITIVE,
  KIND_RESOURCE,
  MAX_REQUIRED_BITS,
  SPECIAL_CODEABLE_CONCEPT,
  SPECIAL_CODING,
  SPECIAL_EXTENSION,
  SPECIAL_REFERENCE,
  type ElementDef,
  type TypeDef,
} from './definitions.js';
import { INVARIANT_HOOKS, invariantIssue } from './invariants.js';
import { isValidPrimitive } from './primitive-formats.js';
import { checkReference, recordLocalReference } from './references.js';
import { describeJson, indexSegment, isObject, newScope, pathOf, type TypeHook, type WalkContext } from './walk-context.js';
import { checkXhtml, XHTML_EMPTY, XHTML_MALFORMED, XHTML_NOT_ALLOWED } from './xhtml.js';

const MODE_ELEMENT = 0;
const MODE_RESOURCE = 1;
/** A contained resource that itself contains resources: its `contained` is not walked (dom-2). */
const MODE_RESOURCE_SKIP_CONTAINED = 2;

const EXPECTED: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', boolean: 'a boolean' };
const TYPE_NAME_RE = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const ELEMENT_NAME_RE = /^_?[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** An unknown JSON key as a message may name it: only when it looks like an element name. */
const keyForMessage = (key: string): string => (ELEMENT_NAME_RE.test(key) ? key : '(not an element name)');

const elementType = (): TypeDef | undefined => getType('Element');

/**
 * Path segments (about two per level) beyond which the walk stops descending: far deeper than any
 * real resource, shallow enough that a hostile or cyclic object cannot overflow the stack.
 */
const MAX_SEGMENTS = 400;

/** Whether the walk may descend further; says once that it may not. */
function canDescend(ctx: WalkContext): boolean {
  if (ctx.segments.length < MAX_SEGMENTS) return true;
  if (!ctx.tooDeep) {
    ctx.tooDeep = true;
    ctx.issues.push(makeIssue('base.too-deep', pathOf(ctx), { max: MAX_SEGMENTS / 2 }));
  }
  return false;
}

function hookOf(type: TypeDef): TypeHook | null {
  let hook = type.hook;
  if (hook === undefined) {
    hook = INVARIANT_HOOKS.get(type.name) ?? null;
    type.hook = hook;
  }
  return hook;
}

/** The resourceType as a message may name it: a type name, never arbitrary submitted text. */
export function resourceTypeForMessage(value: unknown): string {
  return typeof value === 'string' && TYPE_NAME_RE.test(value) ? value : '(not a type name)';
}

function wrongType(def: ElementDef, value: unknown, ctx: WalkContext) {
  const expected = def.kind === KIND_PRIMITIVE ? (EXPECTED[def.primitive?.json ?? 'string'] ?? 'a string') : 'an object';
  return makeIssue('base.wrong-json-type', pathOf(ctx), { expected, found: describeJson(value) });
}

/**
 * Walks a resource (at `pathOf(ctx)`) whose resourceType is known to be valid. `containedIndex`
 * is -1 unless it is contained[i].
 */
export function walkResource(
  resource: Record<string, unknown>,
  type: TypeDef,
  ctx: WalkContext,
  containedIndex: number,
): void {
  const outerScope = ctx.scope;
  let outerIndex = -1;
  let mode = MODE_RESOURCE;
  if (containedIndex >= 0) {
    if (checkContainedResource(resource, ctx)) mode = MODE_RESOURCE_SKIP_CONTAINED;
    outerIndex = outerScope.containedIndex;
    outerScope.containedIndex = containedIndex;
  } else {
    ctx.scope = newScope();
  }
  const sightings = ctx.sightings;
  const outerResource = sightings?.resource;
  if (sightings !== undefined) {
    sightings.resource = resource;
    sightings.see(resource, type.hasSystem, '');
  }
  if (type.name === 'Bundle') {
    const outerBundle = ctx.bundle;
    const bundleScope = openBundleScope(resource);
    ctx.bundle = bundleScope;
    walkObject(resource, type, ctx, mode);
    checkBundle(resource, bundleScope, ctx);
    ctx.bundle = outerBundle;
  } else {
    walkObject(resource, type, ctx, mode);
  }
  if (sightings !== undefined) sightings.resource = outerResource;
  if (containedIndex >= 0) {
    outerScope.containedIndex = outerIndex;
  } else {
    finishResourceScope(resource, ctx.scope, ctx);
    ctx.scope = outerScope;
  }
}

function walkNestedResource(value: unknown, ctx: WalkContext, containedIndex: number): void {
  if (!isObject(value)) {
    ctx.issues.push(makeIssue('base.wrong-json-type', pathOf(ctx), { expected: 'an object', found: describeJson(value) }));
    return;
  }
  const resourceType = value.resourceType;
  if (resourceType === undefined) {
    ctx.issues.push(makeIssue('payload.no-resource-type', pathOf(ctx), {}, { severity: 'error' }));
    return;
  }
  const type = typeof resourceType === 'string' && isResourceType(resourceType) ? getType(resourceType) : undefined;
  if (type === undefined) {
    ctx.issues.push(
      makeIssue('payload.unknown-resource-type', pathOf(ctx), { resourceType: resourceTypeForMessage(resourceType) }),
    );
    return;
  }
  walkResource(value, type, ctx, containedIndex);
}

/**
 * Checks every property of `obj` against `type`, then cardinality and the type's rules. Returns
 * false when the object is empty (ele-1), in which case nothing further is said about it.
 */
function walkObject(obj: Record<string, unknown>, type: TypeDef, ctx: WalkContext, mode: number): boolean {
  let content = false;
  let firstChoice: string | undefined;
  let moreChoices: string[] | undefined;
  let position = 0;
  let present = 0;
  for (const key in obj) {
    const value = obj[key];
    const def = elementAt(type, key, position++);
    if (def === undefined) {
      content = true;
      if (key.charCodeAt(0) === 95 /* _ */) {
        checkPrimitiveExtension(obj, key, value, type, ctx);
      } else if (mode === MODE_ELEMENT || key !== 'resourceType') {
        ctx.issues.push(
          makeIssue('base.unknown-element', pathOf(ctx, `.${key}`), { element: keyForMessage(key), type: type.name }),
        );
      }
      continue;
    }
    if (key !== 'id') content = true;
    if (value !== undefined) present |= def.requiredBit;
    if (def.choice) {
      if (firstChoice === undefined) firstChoice = def.name;
      else (moreChoices ??= []).push(def.name);
    }
    if (def.max === 0) {
      ctx.issues.push(
        makeIssue('base.too-many', pathOf(ctx, def.suffix), {
          element: def.name,
          max: 0,
          type: type.name,
          count: Array.isArray(value) ? value.length : 1,
        }),
      );
      continue;
    }
    if (def.contained && mode === MODE_RESOURCE_SKIP_CONTAINED) continue;
    checkValue(obj, value, def, ctx);
  }
  if (mode === MODE_ELEMENT && !content) {
    ctx.issues.push(makeIssue('base.empty', pathOf(ctx), { what: 'object' }));
    return false;
  }
  if (moreChoices !== undefined && firstChoice !== undefined) checkChoices(obj, type, firstChoice, moreChoices, ctx);
  if (present !== type.requiredMask) checkRequired(obj, type, present, ctx);
  const hook = hookOf(type);
  if (hook !== null) hook(obj, ctx);
  return true;
}

/**
 * Reports the required elements missing from `obj`. `present` holds the bits of those the walk
 * saw with a value; the others are looked up by every key that satisfies them (`_x`, choices).
 */
function checkRequired(obj: Record<string, unknown>, type: TypeDef, present: number, ctx: WalkContext): void {
  const required = type.required;
  for (let r = 0; r < required.length; r++) {
    const req = required[r];
    if (req === undefined) continue;
    if (r < MAX_REQUIRED_BITS && (present & (1 << r)) !== 0) continue;
    const keys = req.keys;
    let found = false;
    for (let k = 0; k < keys.length; k++) {
      if (obj[keys[k] as string] !== undefined) {
        found = true;
        break;
      }
    }
    if (!found) {
      ctx.issues.push(
        makeIssue('base.required-missing', pathOf(ctx, `.${req.name}`), {
          element: req.name,
          min: req.min,
          max: req.max === Infinity ? '*' : String(req.max),
          type: type.name,
        }),
      );
    }
  }
}

function checkChoices(
  obj: Record<string, unknown>,
  type: TypeDef,
  first: string,
  more: readonly string[],
  ctx: WalkContext,
): void {
  const names = new Set([first, ...more]);
  for (const name of names) {
    let count = 0;
    for (const key in obj) {
      const def = type.elements.get(key);
      if (def !== undefined && def.choice && def.name === name) count++;
    }
    if (count > 1) ctx.issues.push(makeIssue('base.choice-multiple', pathOf(ctx, `.${name}`), { element: name, found: count }));
  }
}

/**
 * Whether a single primitive value is valid with nothing more to note: the common case, which the
 * walker then settles without stepping into its path. Anything else takes the full check, which
 * says what is wrong.
 */
function plainlyValid(value: unknown, def: ElementDef): boolean {
  const format = def.primitive;
  if (!def.plainPrimitive || format === undefined || typeof value !== format.json) return false;
  const v = value as string | number | boolean;
  if (v === '' || !format.test(v)) return false;
  if (typeof v !== 'string') return true;
  // A `#id` in a canonical, uri or url refers to a contained resource, which the full check notes.
  if (def.uriLike && v.charCodeAt(0) === 35 /* # */) return false;
  return def.valueSet < 0 || codeInValueSet(def.valueSet, v);
}

function checkValue(obj: Record<string, unknown>, value: unknown, def: ElementDef, ctx: WalkContext): void {
  if (!def.repeats && plainlyValid(value, def)) return;
  const segments = ctx.segments;
  segments.push(def.suffix);
  if (def.repeats) {
    if (!Array.isArray(value)) {
      ctx.issues.push(value === null ? wrongType(def, value, ctx) : makeIssue('base.expected-array', pathOf(ctx)));
    } else if (value.length === 0) {
      ctx.issues.push(makeIssue('base.empty', pathOf(ctx), { what: 'array' }));
    } else {
      // With an aligned `_x` array, a null here is a value carried only by its extension; the
      // `_x` side reports a pair that is null on both sides.
      const aligned = def.kind === KIND_PRIMITIVE && Array.isArray(obj[def.extKey]);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        segments.push(indexSegment(i));
        if (item !== null) checkItem(item, def, ctx, i);
        else if (!aligned) ctx.issues.push(wrongType(def, item, ctx));
        segments.pop();
      }
    }
  } else if (Array.isArray(value)) {
    ctx.issues.push(makeIssue('base.unexpected-array', pathOf(ctx)));
  } else if (value === null) {
    ctx.issues.push(wrongType(def, value, ctx));
  } else {
    checkItem(value, def, ctx, -1);
  }
  segments.pop();
}

function checkItem(value: unknown, def: ElementDef, ctx: WalkContext, index: number): void {
  if (def.kind === KIND_PRIMITIVE) {
    checkPrimitive(value, def, ctx);
    return;
  }
  if (!canDescend(ctx)) return;
  if (def.kind === KIND_RESOURCE) {
    walkNestedResource(value, ctx, def.contained ? index : -1);
    return;
  }
  if (!isObject(value)) {
    ctx.issues.push(wrongType(def, value, ctx));
    return;
  }
  const type = complexTypeOf(def);
  const issuesBefore = ctx.issues.length;
  // Every complex type of the generated tables resolves, so `type` is never undefined in practice.
  if (type !== undefined) ctx.sightings?.see(value, type.hasSystem, def.key);
  if (type === undefined || !walkObject(value, type, ctx, MODE_ELEMENT)) return;
  switch (type.special) {
    case SPECIAL_REFERENCE:
      // A Reference whose parts already failed (a reference that is not a string, say) says no more.
      if (ctx.issues.length === issuesBefore) checkReference(value, def.targets, ctx);
      break;
    case SPECIAL_EXTENSION:
      checkExtension(value, ctx);
      break;
    case SPECIAL_CODEABLE_CONCEPT:
      if (def.valueSet >= 0) checkConceptBinding(value, def.valueSet, ctx);
      break;
    case SPECIAL_CODING:
      if (def.valueSet >= 0 && isValidPrimitive('code', value.code) &&
        !codingInValueSet(def.valueSet, value.system, value.code as string)) {
        ctx.issues.push(makeIssue('base.required-binding', pathOf(ctx), { valueSet: valueSetUrl(def.valueSet) }));
      }
      break;
    default:
      break;
  }
}

function checkPrimitive(value: unknown, def: ElementDef, ctx: WalkContext): void {
  const format = def.primitive;
  if (format === undefined) return;
  if (typeof value !== format.json) {
    ctx.issues.push(wrongType(def, value, ctx));
    return;
  }
  const v = value as string | number | boolean;
  if (typeof v === 'string' && v.length === 0) {
    ctx.issues.push(makeIssue('base.empty', pathOf(ctx), { what: 'string' }));
    return;
  }
  if (!format.test(v)) {
    ctx.issues.push(makeIssue('base.primitive-format', pathOf(ctx), { type: format.name }));
    return;
  }
  if (typeof v !== 'string') return;
  if (def.valueSet >= 0 && !codeInValueSet(def.valueSet, v)) {
    ctx.issues.push(makeIssue('base.required-binding', pathOf(ctx), { valueSet: valueSetUrl(def.valueSet) }));
    return;
  }
  if (v.charCodeAt(0) === 35 /* # */ && def.uriLike) {
    recordLocalReference(ctx, v, '', false, undefined);
  } else if (def.type === 'xhtml') {
    checkDiv(v, ctx);
  }
}

function checkDiv(div: string, ctx: WalkContext): void {
  const result = checkXhtml(div);
  if (result.status === XHTML_MALFORMED) {
    ctx.issues.push(makeIssue('base.primitive-format', pathOf(ctx), { type: 'xhtml' }));
  } else if (result.status === XHTML_NOT_ALLOWED) {
    ctx.issues.push(makeIssue('base.xhtml-not-allowed', pathOf(ctx), { what: result.what ?? 'content' }));
  } else if (result.status === XHTML_EMPTY) {
    invariantIssue(ctx, 'txt-2');
  }
}

function checkConceptBinding(obj: Record<string, unknown>, valueSet: number, ctx: WalkContext): void {
  const codings = obj.coding;
  if (!Array.isArray(codings)) return;
  let judged = false;
  for (const coding of codings) {
    if (!isObject(coding) || !isValidPrimitive('code', coding.code)) continue;
    if (codingInValueSet(valueSet, coding.system, coding.code as string)) return;
    judged = true;
  }
  if (judged) ctx.issues.push(makeIssue('base.required-binding', pathOf(ctx), { valueSet: valueSetUrl(valueSet) }));
}

function hasValueChoice(obj: Record<string, unknown>): boolean {
  for (const key in obj) {
    if (key.startsWith('value') || key.startsWith('_value')) return true;
  }
  return false;
}

function checkExtension(obj: Record<string, unknown>, ctx: WalkContext): void {
  if (obj.url === undefined && obj._url === undefined) ctx.issues.push(makeIssue('base.extension-url', pathOf(ctx, '.url')));
  if (hasValueChoice(obj) === (obj.extension !== undefined)) {
    ctx.issues.push(makeIssue('base.extension-value-and-children', pathOf(ctx)));
  }
}

/** `_x`: the id and extensions of primitive `x`, an object or an array aligned with x's array. */
function checkPrimitiveExtension(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
  type: TypeDef,
  ctx: WalkContext,
): void {
  const def = type.elements.get(key.slice(1));
  if (def === undefined) {
    ctx.issues.push(
      makeIssue('base.unknown-element', pathOf(ctx, `.${key}`), { element: keyForMessage(key), type: type.name }),
    );
    return;
  }
  const element = elementType();
  if (element === undefined) return;
  // `walkObjects` does not look inside primitive extensions, so neither do the sightings.
  const sightings = ctx.sightings;
  ctx.sightings = undefined;
  const segments = ctx.segments;
  segments.push(def.suffix);
  if (def.kind !== KIND_PRIMITIVE) {
    ctx.issues.push(makeIssue('base.primitive-extension-mismatch', pathOf(ctx), { element: def.key }));
  } else if (!def.repeats) {
    if (isObject(value)) walkObject(value, element, ctx, MODE_ELEMENT);
    else ctx.issues.push(makeIssue('base.primitive-extension-mismatch', pathOf(ctx), { element: def.key }));
  } else {
    checkPrimitiveExtensionArray(obj[def.key], value, def, element, ctx);
  }
  segments.pop();
  ctx.sightings = sightings;
}

function checkPrimitiveExtensionArray(
  values: unknown,
  extensions: unknown,
  def: ElementDef,
  element: TypeDef,
  ctx: WalkContext,
): void {
  if (!Array.isArray(extensions) || (Array.isArray(values) && values.length !== extensions.length)) {
    ctx.issues.push(makeIssue('base.primitive-extension-mismatch', pathOf(ctx), { element: def.key }));
    return;
  }
  if (extensions.length === 0) {
    ctx.issues.push(makeIssue('base.empty', pathOf(ctx), { what: 'array' }));
    return;
  }
  const segments = ctx.segments;
  for (let i = 0; i < extensions.length; i++) {
    const item: unknown = extensions[i];
    segments.push(indexSegment(i));
    if (isObject(item)) {
      walkObject(item, element, ctx, MODE_ELEMENT);
    } else if (item !== null || !Array.isArray(values) || values[i] === null || values[i] === undefined) {
      ctx.issues.push(makeIssue('base.primitive-extension-mismatch', pathOf(ctx), { element: def.key }));
    }
    segments.pop();
  }
}
