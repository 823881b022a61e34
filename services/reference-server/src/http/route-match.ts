import type { RouteDef } from './route-def.js';

export interface MatchedRoute {
  readonly def: RouteDef;
  /** Path parameters by name (`type`, `id`, `vid`), already percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export type RouteLookup =
  | { readonly kind: 'found'; readonly route: MatchedRoute }
  /** The path exists but not for this method: 405 with these methods in Allow. */
  | { readonly kind: 'wrong-method'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Matches one path against one route's pattern; `:type` only matches the route's resource types. */
function matchPattern(def: RouteDef, segments: readonly string[]): Record<string, string> | undefined {
  const pattern = def.path === '/' ? [] : def.path.slice(1).split('/');
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (!want.startsWith(':')) {
      if (want !== got) return undefined;
      continue;
    }
    const name = want.slice(1);
    if (name === 'type' && !def.types.includes(got)) return undefined;
    // Ids never start with `_` or `$`, so `/Flag/_history` and `/Flag/$validate` stay their own routes.
    if (name !== 'type' && (got === '' || got.startsWith('_') || got.startsWith('$'))) return undefined;
    params[name] = got;
  }
  return params;
}

/** Finds the route for a method and a path below the FHIR base, or says why there is none. */
export function lookupRoute(routes: readonly RouteDef[], method: string, path: string): RouteLookup {
  const raw = path === '/' || path === '' ? [] : path.replace(/^\//, '').replace(/\/$/, '').split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    const decoded = decode(segment);
    if (decoded === undefined) return { kind: 'not-found' };
    segments.push(decoded);
  }
  const allowed = new Set<string>();
  for (const def of routes) {
    const params = matchPattern(def, segments);
    if (!params) continue;
    if (def.method === method) return { kind: 'found', route: { def, params } };
    allowed.add(def.method);
  }
  return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed].sort() } : { kind: 'not-found' };
}
