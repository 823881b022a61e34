import { NHS_NUMBER_SYSTEM, SNOMED_HTTPS } from '../canonical.js';
import { parseReference, type ParsedReference } from './base/references.js';
import type { JsonObject } from './json-read.js';

/** An object the base walk saw that a later rule may report on. */
export interface Sighting {
  readonly object: JsonObject;
  /**
   * Its position in the order `walkObjects` visits objects (0 is the payload itself): the FHIRPath
   * is rendered from it with `pathsOfVisits`, and only for the few sightings that are reported.
   */
  readonly visit: number;
  /** The innermost resource holding it (itself, for a resource). */
  readonly resource: JsonObject;
}

const NONE: readonly Sighting[] = [];

/**
 * What the business and profile rules would otherwise walk the whole payload again to find: every
 * identifier in the NHS number system and every object whose system is `https://snomed.info/sct`.
 * The base walk visits every object anyway and knows its type, so noting these costs it a flag test
 * per object. It is only a faithful stand-in for `walkObjects` when the base walk reported nothing
 * (see `validate`): a defect can stop the base walk from descending where `walkObjects` would.
 */
export class Sightings {
  /** Objects seen so far outside primitive extensions (`_x`), which `walkObjects` skips. */
  visits = 0;
  /** The resource whose content is being walked. */
  resource: JsonObject | undefined = undefined;
  /** Both lists are made on their first entry: most payloads fill neither. */
  private nhs: Sighting[] | undefined = undefined;
  private https: Sighting[] | undefined = undefined;
  /** Each literal reference read so far (see `readReference`). */
  private references: Map<string, ParsedReference> | undefined = undefined;

  /**
   * Notes one object in walk order. `hasSystem` is whether its type has a `system` element: a
   * payload the base rules pass has no other keys, so the others need not be read at all.
   */
  see(object: JsonObject, hasSystem: boolean, key: string): void {
    const visit = this.visits++;
    if (!hasSystem) return;
    const system = object.system;
    if (system === NHS_NUMBER_SYSTEM) {
      if (key === 'identifier') (this.nhs ??= []).push({ object, visit, resource: this.resource ?? object });
    } else if (system === SNOMED_HTTPS) {
      (this.https ??= []).push({ object, visit, resource: this.resource ?? object });
    }
  }

  /** Identifiers in the NHS number system, in walk order. */
  get nhsIdentifiers(): readonly Sighting[] {
    return this.nhs ?? NONE;
  }

  /** Objects whose system is `https://snomed.info/sct`, in walk order. */
  get snomedHttps(): readonly Sighting[] {
    return this.https ?? NONE;
  }

  /**
   * `parseReference`, once per distinct text in the payload: a Bundle names the same patient,
   * practitioner and organisation in every entry, and the profile and business rules read again
   * the references the base walk read. `#` references are trivial to read and not kept.
   */
  readReference(text: string): ParsedReference {
    if (text.charCodeAt(0) === 35 /* # */) return parseReference(text);
    const references = (this.references ??= new Map());
    let parsed = references.get(text);
    if (parsed === undefined) {
      parsed = parseReference(text);
      references.set(text, parsed);
    }
    return parsed;
  }
}
