import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { Recorded } from '../model/recorded.js';
import type { Sources } from './stu3-provenance.js';

/**
 * One item read from a STU3 payload, ready for the record model, with where each of its fields
 * came from so that a model failure can be reported at the STU3 element that caused it.
 */
export interface Stu3Item<T> {
  readonly value: T;
  /** The STU3 resource (or element) the item as a whole came from. */
  readonly expression: string;
  /** Field path within the item (`code`, `recorded.role`) → STU3 expression; `''` is the item. */
  readonly sources: Sources;
}

/** What every reader hands back alongside its items. */
export interface ReaderResult {
  readonly issues: OperationOutcomeIssue[];
}

/** Options every reader shares. */
export interface ReadOptions {
  /**
   * Who recorded items whose payload has no Provenance (STU3 request bodies: Spine added the
   * Provenance to Flags and Consents on the server). Without it such items are not carried.
   */
  readonly recordedFallback?: Recorded;
}

/** `sources` of a nested part, re-keyed under `prefix` (`role` → `recorded.role`). */
export function nested(prefix: string, sources: Sources): [string, string][] {
  return [...sources].map(([key, expression]) => [key === '' ? prefix : `${prefix}.${key}`, expression]);
}
