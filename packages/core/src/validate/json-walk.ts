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

type Step = string | number;

/**
 * Visits one object. What it returns is handed to the visits of the object's descendants, so a
 * visitor can carry what it learnt on the way down (the resource a coding belongs to, say).
 */
export type Visitor<C> = (object: JsonObject, key: string | undefined, walk: JsonWalk<C>, context: C) => C;

/**
 * One walk over a JSON value. It is a class so that nothing is allocated per visited object: the
 * visitor gets the walk itself and asks it for the current path only when it has something to report.
 */
export class JsonWalk<C> {
  private readonly steps: Step[] = [];

  constructor(
    private readonly root: string,
    private readonly visit: Visitor<C>,
  ) {}

  /** The FHIRPath of the object being visited. */
  path(): string {
    let path = this.root;
    for (const step of this.steps) path += typeof step === 'number' ? `[${step}]` : `.${pathStep(step)}`;
    return path;
  }

  run(node: unknown, key: string | undefined, context: C): void {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item: unknown = node[index];
        if (typeof item !== 'object' || item === null) continue;
        this.steps.push(index);
        this.run(item, key, context);
        this.steps.pop();
      }
      return;
    }
    if (!isObject(node)) return;
    const inner = this.visit(node, key, this, context);
    for (const childKey in node) {
      const child = node[childKey];
      if (typeof child !== 'object' || child === null || childKey.charCodeAt(0) === 95 /* _ */) continue;
      this.steps.push(childKey);
      this.run(child, childKey, inner);
      this.steps.pop();
    }
  }
}

/**
 * Calls `visit` for every JSON object under `value` (itself included) with the key it sits under
 * (for an array item, the array's key). Primitive extensions (`_x`) are not visited: they hold no
 * codings or identifiers raflag checks. `walk.path()` renders the FHIRPath of the visited object;
 * it is only rendered when a rule reports, since most visits find nothing.
 */
export function walkObjects<C>(value: unknown, root: string, visit: Visitor<C>, context: C): void {
  new JsonWalk(root, visit).run(value, undefined, context);
}

/**
 * The FHIRPaths of the objects `walkObjects` visits at the given positions (ascending; 0 is `value`
 * itself), in the same order. Rules that found what to report without tracking paths (see
 * `Sightings`) render them here, in one walk, only when there is something to report.
 */
export function pathsOfVisits(value: unknown, root: string, visits: readonly number[]): string[] {
  const paths: string[] = [];
  let visit = 0;
  walkObjects<undefined>(
    value,
    root,
    (_object, _key, walk) => {
      if (visit++ === visits[paths.length]) paths.push(walk.path());
      return undefined;
    },
    undefined,
  );
  return paths;
}
