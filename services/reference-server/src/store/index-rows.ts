import type { Resource } from 'fhir/r4.js';
import { searchParametersOf } from '../search/search-parameters.js';

/** One row of `search_tokens`; `system` is '' when the element has none. */
export interface TokenRow {
  readonly param: string;
  readonly system: string;
  readonly code: string;
}

/** One row of `search_references`. */
export interface ReferenceRow {
  readonly param: string;
  readonly targetType: string;
  readonly targetId: string;
}

export interface IndexRows {
  readonly tokens: readonly TokenRow[];
  readonly references: readonly ReferenceRow[];
}

/** The index rows that describe `resource`, from the declarative search-parameter table. */
export function indexRowsOf(resource: Resource): IndexRows {
  const tokens: TokenRow[] = [];
  const references: ReferenceRow[] = [];
  for (const parameter of searchParametersOf(resource.resourceType)) {
    if (parameter.type === 'token') {
      for (const value of parameter.extract(resource)) tokens.push({ param: parameter.name, system: value.system ?? '', code: value.code });
    } else if (parameter.type === 'reference') {
      for (const value of parameter.extract(resource)) references.push({ param: parameter.name, targetType: value.type, targetId: value.id });
      const identifiers = parameter.identifierIndex;
      if (identifiers !== undefined) {
        for (const value of identifiers.extract(resource)) tokens.push({ param: identifiers.name, system: value.system ?? '', code: value.code });
      }
    }
  }
  return { tokens, references };
}

/**
 * A fingerprint of what the table indexes; when it changes between releases the store rebuilds
 * its index rows on open, so the indexes always describe the current definitions.
 */
export function indexSignature(resourceTypes: readonly string[]): string {
  return JSON.stringify(
    resourceTypes.map((type) => [
      type,
      searchParametersOf(type)
        .filter((p) => p.type === 'token' || p.type === 'reference')
        .map((p) => (p.type === 'reference' && p.identifierIndex !== undefined ? [p.name, p.type, p.expression, p.identifierIndex.name] : [p.name, p.type, p.expression])),
    ]),
  );
}
