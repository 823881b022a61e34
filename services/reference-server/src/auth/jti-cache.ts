/**
 * Remembers each client assertion's `jti` per issuer until the assertion could no longer be accepted, so a
 * captured assertion cannot be replayed. Kept to one method so a SQLite-backed store can stand in for it.
 */
export interface JtiCache {
  /**
   * Records `jti` for `iss` until `expSeconds` (the assertion's `exp`, epoch seconds). Answers false when the
   * pair was already claimed and is still remembered, or when the cache is full: refusing a fresh assertion
   * is safe, forgetting a used one is not.
   */
  claim(iss: string, jti: string, expSeconds: number): boolean;
}

export interface MemoryJtiCacheOptions {
  /** Upper bound on remembered pairs. */
  readonly maxEntries?: number;
  /** Kept beyond `exp`, matching the clock skew the assertion check allows. */
  readonly toleranceSeconds?: number;
  /** Epoch milliseconds. */
  readonly now?: () => number;
}

export interface MemoryJtiCache extends JtiCache {
  readonly size: number;
}

export function createMemoryJtiCache(options: MemoryJtiCacheOptions = {}): MemoryJtiCache {
  const maxEntries = options.maxEntries ?? 100_000;
  const tolerance = options.toleranceSeconds ?? 30;
  const now = options.now ?? Date.now;
  // Key -> forget-after (epoch seconds). A NUL separator cannot appear in a client id, so pairs cannot collide.
  const entries = new Map<string, number>();

  const sweep = (nowSeconds: number): void => {
    for (const [key, until] of entries) if (until < nowSeconds) entries.delete(key);
  };

  return {
    get size() {
      return entries.size;
    },
    claim(iss, jti, expSeconds) {
      const nowSeconds = now() / 1000;
      const key = `${iss}\u0000${jti}`;
      const until = entries.get(key);
      if (until !== undefined) {
        if (until >= nowSeconds) return false;
        entries.delete(key);
      }
      if (entries.size >= maxEntries) {
        sweep(nowSeconds);
        if (entries.size >= maxEntries) return false;
      }
      entries.set(key, expSeconds + tolerance);
      return true;
    },
  };
}
