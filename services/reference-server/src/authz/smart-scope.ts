import type { Interaction } from '../http/route-def.js';

/** A SMART v2 permission letter: create, read, update, delete, search. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** One scope the server understood. `resourceType` is `*` for a wildcard. */
export interface ScopeGrant {
  readonly context: 'system' | 'user';
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
}

const V1_ALIASES: Readonly<Record<string, readonly Permission[]>> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

// v2 suffixes are an in-order subset of `cruds`; `.dus` or `.rc` are undefined in SMART, so ignored.
const V2_SUFFIX = /^c?r?u?d?s?$/;
const SCOPE = /^(system|user)\/(\*|[A-Z][A-Za-z]*)\.([a-z*]+)$/;

/**
 * A token's scope string is parsed for every request it makes, and a deployment has a handful of
 * distinct ones (one per client and role), so each is parsed once; the bound only stops a caller
 * inventing scope strings from growing the map.
 */
const parsed = new Map<string, readonly ScopeGrant[]>();
const PARSED_LIMIT = 256;

/**
 * The scopes we understand in a space-separated scope string. Everything else (`patient/…`,
 * `openid`, v2 scopes with `?param=` restrictions we cannot enforce, malformed text) grants
 * nothing: ignoring a narrower scope is safe, honouring it wrongly is not.
 */
export function parseScopes(scope: string): readonly ScopeGrant[] {
  const known = parsed.get(scope);
  if (known !== undefined) return known;
  const grants: ScopeGrant[] = [];
  for (const token of scope.split(/\s+/)) {
    const match = SCOPE.exec(token);
    if (match === null) continue;
    const [, context, resourceType, suffix] = match;
    if (context === undefined || resourceType === undefined || suffix === undefined) continue;
    const permissions = V1_ALIASES[suffix] ?? (suffix !== '' && V2_SUFFIX.test(suffix) ? (suffix.split('') as Permission[]) : undefined);
    if (permissions === undefined) continue;
    grants.push({ context: context as ScopeGrant['context'], resourceType, permissions: new Set(permissions) });
  }
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(scope, grants);
  return grants;
}

/** Every permission the scopes grant on one resource type, wildcards included. */
export function permissionsFor(scope: string, resourceType: string): ReadonlySet<Permission> {
  const result = new Set<Permission>();
  for (const grant of parseScopes(scope)) {
    if (grant.resourceType !== '*' && grant.resourceType !== resourceType) continue;
    for (const p of grant.permissions) result.add(p);
  }
  return result;
}

/**
 * What each interaction needs. `validate` needs only a valid token: it neither reads nor stores
 * anything, and answers about the body the caller sent itself. `capabilities` is public metadata.
 * `transaction` and `patient-flag-transaction` pass this gate: the caller checks every entry
 * with create/update/delete (SMART has no scope for a Bundle, only for what it carries).
 */
const NEEDS: Readonly<Record<Interaction, readonly Permission[]>> = {
  read: ['r'],
  vread: ['r'],
  'history-instance': ['r'],
  'search-type': ['s'],
  'history-type': ['s'],
  create: ['c'],
  update: ['u'],
  delete: ['d'],
  validate: [],
  capabilities: [],
  transaction: [],
  'patient-flag-transaction': [],
  'patient-flag-read': ['r', 's'],
  // Counts only, for auditors; the authorise stage checks the client kind.
  'provision-report': [],
};

/** Whether the granted scopes allow this interaction on this resource type. */
export function scopeAllows(scope: string, resourceType: string, interaction: Interaction): boolean {
  // The PatientFlag operation reads and searches Flags whatever type the route names.
  const type = interaction === 'patient-flag-read' ? 'Flag' : resourceType;
  const granted = permissionsFor(scope, type);
  return NEEDS[interaction].every((p) => granted.has(p));
}

/** The resource types a scope grants one permission on, for filtering `_include` targets. */
export interface PermittedTypes {
  /** A wildcard grants the permission on every type. */
  readonly all: boolean;
  readonly types: ReadonlySet<string>;
  includes(resourceType: string): boolean;
}

export function permittedTypes(scope: string, need: Permission): PermittedTypes {
  const grants = parseScopes(scope).filter((g) => g.permissions.has(need));
  const all = grants.some((g) => g.resourceType === '*');
  const types = new Set(grants.filter((g) => g.resourceType !== '*').map((g) => g.resourceType));
  return { all, types, includes: (resourceType) => all || types.has(resourceType) };
}
