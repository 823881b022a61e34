import { findSearchParameter } from '../../search/search-parameters.js';
import type { Store, StoredVersion } from '../../store/store.js';

/**
 * The resources that `_include` names: for each match, the targets of each included reference
 * parameter, read from the store, each once, leaving out deleted ones and those already matched.
 */
export async function resolveIncludes(store: Store, resourceType: string, matches: readonly StoredVersion[], includes: readonly string[]): Promise<StoredVersion[]> {
  if (includes.length === 0) return [];
  const seen = new Set(matches.map((m) => `${m.resourceType}/${m.id}`));
  const included: StoredVersion[] = [];
  for (const name of includes) {
    const parameter = findSearchParameter(resourceType, name);
    if (parameter?.type !== 'reference') continue;
    for (const match of matches) {
      if (!match.resource) continue;
      for (const target of parameter.extract(match.resource)) {
        const key = `${target.type}/${target.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const version = await store.read(target.type, target.id);
        if (version && !version.deleted) included.push(version);
      }
    }
  }
  return included;
}
