const NUL = '\u0000';

/**
 * The fullUrl and versionId pairs of a Bundle's entries (bdl-7: no two alike), compared exactly as
 * the joined keys `fullUrl NUL versionId` would be. Joining every pair would build and hash a new
 * string per entry; a pair holding no NUL (every real one) is instead looked up by its fullUrl,
 * whose hash the string keeps. Pairs that do hold a NUL keep the joined key, since only they can
 * meet another pair's joined key without being that pair.
 */
export class SeenFullUrls {
  /** versionIds seen with each fullUrl, for the pairs without a NUL. */
  private readonly versions = new Map<string, string | string[]>();
  private joined: Set<string> | undefined;

  /** Records a pair; false when it was seen before. */
  add(fullUrl: string, version: string): boolean {
    if (fullUrl.includes(NUL) || version.includes(NUL)) {
      const key = `${fullUrl}${NUL}${version}`;
      const joined = (this.joined ??= new Set());
      if (joined.has(key)) return false;
      joined.add(key);
      return true;
    }
    const known = this.versions.get(fullUrl);
    if (known === undefined) {
      this.versions.set(fullUrl, version);
      return true;
    }
    if (known === version || (Array.isArray(known) && known.includes(version))) return false;
    this.versions.set(fullUrl, Array.isArray(known) ? [...known, version] : [known, version]);
    return true;
  }
}
