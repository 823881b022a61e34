import type { SearchPage, StoredVersion } from './store.js';

/** Bounded map that forgets the least recently used entry first. */
class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the key to the young end of the Map's insertion order.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

interface CachedSearch {
  /** The write generation of each type the answer depends on, when it was computed. */
  readonly generations: readonly number[];
  readonly page: SearchPage;
}

export interface ReadCacheOptions {
  /** Resources kept (current versions and versions by number each). */
  readonly resources: number;
  /** Search answers kept. */
  readonly searches: number;
}

export const defaultReadCacheOptions: ReadCacheOptions = { resources: 20_000, searches: 5_000 };

/**
 * What the store has recently read, so a hot record is answered without SQLite or JSON.parse.
 *
 * Correctness rests on three rules the store keeps: a version, once written, never changes (so
 * versions need no invalidation); every write forgets the resource's current entry and bumps its
 * type's generation (so a search answer is used only while none of the types it depends on has
 * been written); and nothing read inside an open transaction is cached (it may yet roll back).
 * Cached resources are frozen: a caller that tried to change one would corrupt every later read.
 */
export class ReadCache {
  private readonly versions: Lru<string, StoredVersion>;
  private readonly current: Lru<string, StoredVersion>;
  private readonly searches: Lru<string, CachedSearch>;
  private readonly generations = new Map<string, number>();

  constructor(options: ReadCacheOptions = defaultReadCacheOptions) {
    this.versions = new Lru(options.resources);
    this.current = new Lru(options.resources);
    this.searches = new Lru(options.searches);
  }

  version(resourceType: string, id: string, versionId: number): StoredVersion | undefined {
    return this.versions.get(`${resourceType}/${id}/${versionId}`);
  }

  currentVersion(resourceType: string, id: string): StoredVersion | undefined {
    return this.current.get(`${resourceType}/${id}`);
  }

  /** Returns the version to hand out: the cached, frozen one. */
  rememberVersion(version: StoredVersion): StoredVersion {
    const key = `${version.resourceType}/${version.id}/${version.versionId}`;
    const known = this.versions.get(key);
    if (known !== undefined) return known;
    const frozen = deepFreeze(version);
    this.versions.set(key, frozen);
    return frozen;
  }

  rememberCurrent(version: StoredVersion): StoredVersion {
    const frozen = this.rememberVersion(version);
    this.current.set(`${version.resourceType}/${version.id}`, frozen);
    return frozen;
  }

  search(key: string, dependsOn: readonly string[]): SearchPage | undefined {
    const cached = this.searches.get(key);
    if (cached === undefined) return undefined;
    for (let i = 0; i < dependsOn.length; i++) {
      if (cached.generations[i] !== this.generation(dependsOn[i] as string)) {
        this.searches.delete(key);
        return undefined;
      }
    }
    return cached.page;
  }

  rememberSearch(key: string, dependsOn: readonly string[], page: SearchPage): SearchPage {
    const matches = Object.freeze(page.matches.map((match) => this.rememberVersion(match)));
    const frozen: SearchPage = { ...page, matches };
    this.searches.set(key, { generations: dependsOn.map((type) => this.generation(type)), page: frozen });
    return frozen;
  }

  /** Called for every write, committed or not: forgetting too much only costs a re-read. */
  written(resourceType: string, id: string): void {
    this.current.delete(`${resourceType}/${id}`);
    this.generations.set(resourceType, this.generation(resourceType) + 1);
  }

  clear(): void {
    this.versions.clear();
    this.current.clear();
    this.searches.clear();
    for (const type of this.generations.keys()) this.generations.set(type, this.generation(type) + 1);
  }

  private generation(resourceType: string): number {
    return this.generations.get(resourceType) ?? 0;
  }
}
