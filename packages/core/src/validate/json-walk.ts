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

type Step = string | number;

function render(root: string, steps: readonly Step[]): string {
  let path = root;
  for (const step of steps) path += typeof step === 'number' ? `[${step}]` : `.${pathStep(step)}`;
  return path;
}

/**
 * Calls `visit` for every JSON object under `value` (itself included) with the key it sits under
 * (for an array item, the array's key) and a function that renders its FHIRPath. Primitive
 * extensions (`_x`) are not visited: they hold no codings or identifiers raflag checks. The path
 * is rendered only when a rule reports, since most visits find nothing; call it during the visit.
 */
export function walkObjects(
  value: unknown,
  root: string,
  visit: (object: JsonObject, key: string | undefined, path: () => string) => void,
  options: WalkOptions = {},
): void {
  const steps: Step[] = [];
  const skip = options.skip;
  const path = (): string => render(root, steps);
  const walk = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item: unknown = node[index];
        if (typeof item !== 'object' || item === null) continue;
        steps.push(index);
        walk(item, key);
        steps.pop();
      }
      return;
    }
    if (!isObject(node)) return;
    visit(node, key, path);
    for (const childKey in node) {
      const child = node[childKey];
      if (typeof child !== 'object' || child === null || childKey.charCodeAt(0) === 95 /* _ */ || skip?.has(childKey)) continue;
      steps.push(childKey);
      walk(child, childKey);
      steps.pop();
    }
  };
  walk(value, undefined);
}
