import { isObject, type JsonObject } from './json-read.js';

const PRIMITIVE_TYPES = (
  'base64Binary boolean canonical code date dateTime decimal id instant integer markdown oid positiveInt string ' +
  'time unsignedInt uri url uuid'
).split(' ');
const COMPLEX_TYPES = (
  'Address Age Annotation Attachment CodeableConcept Coding ContactPoint Count Distance Duration HumanName ' +
  'Identifier Money Period Quantity Range Ratio Reference SampledData Signature Timing ContactDetail Contributor ' +
  'DataRequirement Expression ParameterDefinition RelatedArtifact TriggerDefinition UsageContext Dosage Meta'
).split(' ');

/** JSON key suffix (`valueDateTime`) → FHIRPath type name (`dateTime`), for every type an R4 `value[x]` may take. */
const VALUE_TYPES: ReadonlyMap<string, string> = new Map([
  ...PRIMITIVE_TYPES.map((t) => [`${t.charAt(0).toUpperCase()}${t.slice(1)}`, t] as const),
  ...COMPLEX_TYPES.map((t) => [t, t] as const),
]);

/** `valueCodeableConcept` → `value.ofType(CodeableConcept)`, as issue expressions write choice elements. */
export function pathStep(key: string): string {
  const type = key.startsWith('value') ? VALUE_TYPES.get(key.slice('value'.length)) : undefined;
  return type === undefined ? key : `value.ofType(${type})`;
}

export interface WalkOptions {
  /** Keys not to descend into (`contained`, when contained resources are handled on their own). */
  readonly skip?: ReadonlySet<string>;
}

/**
 * Calls `visit` for every JSON object under `value` (itself included) with its FHIRPath and the key
 * it sits under (for an array item, the array's key). Primitive extensions (`_x`) are not visited:
 * they hold no codings or identifiers raflag checks.
 */
export function walkObjects(
  value: unknown,
  path: string,
  visit: (object: JsonObject, path: string, key: string | undefined) => void,
  options: WalkOptions = {},
  key?: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => walkObjects(item, `${path}[${index}]`, visit, options, key));
    return;
  }
  if (!isObject(value)) return;
  visit(value, path, key);
  for (const [childKey, child] of Object.entries(value)) {
    if (childKey.startsWith('_') || options.skip?.has(childKey)) continue;
    if (typeof child === 'object' && child !== null) walkObjects(child, `${path}.${pathStep(childKey)}`, visit, options, childKey);
  }
}
