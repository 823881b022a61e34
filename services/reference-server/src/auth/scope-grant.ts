import { SMART_SCOPE_PATTERN } from './client-registry.js';
import { oauthFailure } from './oauth-error.js';
import type { OAuthFailure } from './oauth-error.js';

const PERMISSIONS = ['c', 'r', 'u', 'd', 's'] as const;
type Permission = (typeof PERMISSIONS)[number];

/** SMART v1 suffixes and the v2 permissions they stand for. */
const V1_SUFFIX: Readonly<Record<string, readonly Permission[]>> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': PERMISSIONS };

export interface ParsedScope {
  readonly raw: string;
  readonly context: 'patient' | 'user' | 'system';
  /** A resource type, or `*` for every type. */
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
}

/** Undefined for anything that is not a well-formed SMART v1/v2 resource scope (`.dus`, `openid`, `?param` scopes). */
export function parseSmartScope(raw: string): ParsedScope | undefined {
  const match = SMART_SCOPE_PATTERN.exec(raw);
  if (match === null) return undefined;
  const [, context, resourceType, suffix] = match;
  if (context === undefined || resourceType === undefined || suffix === undefined || suffix === '') return undefined;
  const permissions = V1_SUFFIX[suffix] ?? ([...suffix] as Permission[]);
  return { raw, context: context as ParsedScope['context'], resourceType, permissions: new Set(permissions) };
}

function intersect(requested: ParsedScope, registered: ParsedScope): string | undefined {
  if (requested.context !== registered.context) return undefined;
  let resourceType: string;
  if (registered.resourceType === '*') resourceType = requested.resourceType;
  else if (requested.resourceType === '*' || requested.resourceType === registered.resourceType) resourceType = registered.resourceType;
  else return undefined;
  const permissions = PERMISSIONS.filter((p) => requested.permissions.has(p) && registered.permissions.has(p));
  if (permissions.length === 0) return undefined;
  // Keep the caller's own spelling (v1 or v2) when nothing had to be narrowed.
  if (resourceType === requested.resourceType && permissions.length === requested.permissions.size) return requested.raw;
  return `${requested.context}/${resourceType}.${permissions.join('')}`;
}

export type ScopeGrantResult = { ok: true; scope: string } | OAuthFailure;

/**
 * The scope to grant: what the client asked for, narrowed to what it is registered for. Never broader
 * than the registration; scopes this server does not understand are dropped rather than granted.
 */
export function grantScope(requested: string | undefined | null, registered: readonly string[]): ScopeGrantResult {
  const registeredParsed = registered.map(parseSmartScope).filter((s): s is ParsedScope => s !== undefined);
  if (requested === undefined || requested === null || requested.trim() === '') {
    return { ok: true, scope: registeredParsed.map((s) => s.raw).join(' ') };
  }
  const granted: string[] = [];
  for (const raw of requested.trim().split(/\s+/)) {
    const parsed = parseSmartScope(raw);
    if (parsed === undefined) continue;
    for (const allowed of registeredParsed) {
      const scope = intersect(parsed, allowed);
      if (scope !== undefined && !granted.includes(scope)) granted.push(scope);
    }
  }
  if (granted.length === 0) {
    return oauthFailure(
      'invalid_scope',
      `None of the requested scopes is within this client's registration (${registered.join(' ')}); request some of those, or leave scope out to get all of them`,
    );
  }
  return { ok: true, scope: granted.join(' ') };
}
