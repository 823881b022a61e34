import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { Sightings } from '../sightings.js';

/** A `#id` seen inside a resource, resolved against its contained resources when the walk ends. */
export interface LocalReference {
  /** The reference without its `#`. */
  readonly id: string;
  /** Path of the element holding it. */
  readonly path: string;
  /** A Reference.reference (checked by ref-1), rather than a canonical or uri (counted by dom-3 only). */
  readonly isReference: boolean;
  /** Allowed target types of a Reference; undefined means any. */
  readonly targets: ReadonlySet<string> | undefined;
}

/** What a resource that may contain others collects while its content is walked. */
export interface ResourceScope {
  /** `#id` references, allocated on the first. */
  localRefs: LocalReference[] | undefined;
  /** Index of the contained resource being walked, or -1 when walking the container itself. */
  containedIndex: number;
  /** contained[i] refers to its container with `#`; allocated on the first. */
  refersToContainer: boolean[] | undefined;
}

export interface UrnReference {
  readonly urn: string;
  readonly path: string;
}

/** A transaction or batch Bundle whose `urn:uuid:` references must resolve to its entries. */
export interface BundleScope {
  readonly urnRefs: UrnReference[];
  /**
   * The fullUrls a urn:uuid reference may resolve to, known before the entries are walked, so a
   * reference that resolves is never collected (nor its path built); `checkBundle` works them out
   * itself when they are not given.
   */
  readonly fullUrls?: ReadonlySet<string>;
}

export interface WalkContext {
  readonly issues: OperationOutcomeIssue[];
  scope: ResourceScope;
  bundle: BundleScope | undefined;
  /**
   * The path of the value being checked, as segments (`Bundle`, `.entry`, `[2]`, `.resource`):
   * joined only when an issue needs it, so a valid payload builds no path strings at all.
   */
  readonly segments: string[];
  /** Set once the walk has gone too deep (and said so), so it says so only once. */
  tooDeep: boolean;
  /** Notes objects for the later stages; undefined while walking primitive extensions (`_x`). */
  sightings: Sightings | undefined;
}

/**
 * Runs after the generic checks of an object of one type (a resource, datatype or backbone
 * element); `pathOf(ctx)` is the object's path.
 */
export type TypeHook = (obj: Record<string, unknown>, ctx: WalkContext) => void;

export function newContext(issues: OperationOutcomeIssue[], root: string, sightings?: Sightings): WalkContext {
  return { issues, scope: newScope(), bundle: undefined, segments: [root], tooDeep: false, sightings };
}

/** The FHIRPath of the value being checked, with an optional tail (`.system`, `.entry[2]`). */
export function pathOf(ctx: WalkContext, tail = ''): string {
  return ctx.segments.join('') + tail;
}

const INDEX_SEGMENTS: readonly string[] = Array.from({ length: 100 }, (_, i) => `[${i}]`);

/** `[i]`, without building a string for the common small indexes. */
export function indexSegment(i: number): string {
  return INDEX_SEGMENTS[i] ?? `[${i}]`;
}

export const newScope = (): ResourceScope => ({ localRefs: undefined, containedIndex: -1, refersToContainer: undefined });

export { isJsonObject as isObject, describeJson } from '../../json/json-value.js';
