import type { SearchCondition } from './store.js';
import { findSearchParameter, PATIENT_IDENTIFIER_PARAM } from '../search/search-parameters.js';
import { UnsupportedSearchParameterError } from './store-errors.js';
import { instantRange, lastUpdatedTest } from './last-updated-range.js';

/**
 * Turns parsed search conditions into SQL over the index tables only (never the JSON).
 *
 * The most selective condition drives: its matching ids come from a primary-key search on an
 * index table and are joined to `current_resources` (CROSS JOIN fixes that order; without
 * statistics the planner would otherwise walk every resource of the type in date order and
 * probe). Every other condition is a correlated EXISTS answered by a point lookup on the index
 * table's primary key. With no such condition the date index drives. So reading one patient's
 * record costs the same however large the store grows.
 */
export type SqlValue = string | number | null;

export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export type SortOrder = 'asc' | 'desc';

export interface SearchSqlInput {
  readonly resourceType: string;
  readonly conditions: readonly SearchCondition[];
}

interface Fragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

interface TokenValue {
  readonly system?: string | undefined;
  readonly code: string;
}

/** One alternative of a condition answered by an index table. */
interface IndexLookup {
  /** `SELECT id …` of the resources matching this alternative. */
  readonly set: Fragment;
  /** The same test on the row `c`. */
  readonly probe: Fragment;
}

/** A condition answered by an index table; its alternatives are OR'ed. */
interface IndexedCondition {
  /** Lower drives first: a reference names one patient's rows, a token may name half the store. */
  readonly rank: number;
  readonly alternatives: readonly IndexLookup[];
}


function tokenMatch(value: TokenValue): Fragment {
  return value.system === undefined ? { sql: 't.code = ?', params: [value.code] } : { sql: 't.code = ? AND t.system = ?', params: [value.code, value.system] };
}

function tokenLookup(resourceType: string, param: string, value: TokenValue): IndexLookup {
  const match = tokenMatch(value);
  return {
    set: { sql: `SELECT t.id AS id FROM search_tokens t WHERE t.resource_type = ? AND t.param = ? AND ${match.sql}`, params: [resourceType, param, ...match.params] },
    // The key runs (type, param, code, id, system): with or without a system, one lookup.
    probe: {
      sql: `EXISTS (SELECT 1 FROM search_tokens t WHERE t.resource_type = ? AND t.id = c.id AND t.param = ? AND ${match.sql})`,
      params: [resourceType, param, ...match.params],
    },
  };
}

function referenceLookup(resourceType: string, param: string, target: { readonly type: string; readonly id: string }): IndexLookup {
  return {
    set: {
      sql: 'SELECT r.id FROM search_references r WHERE r.resource_type = ? AND r.param = ? AND r.target_type = ? AND r.target_id = ?',
      params: [resourceType, param, target.type, target.id],
    },
    probe: {
      sql: 'EXISTS (SELECT 1 FROM search_references r WHERE r.resource_type = ? AND r.id = c.id AND r.param = ? AND r.target_type = ? AND r.target_id = ?)',
      params: [resourceType, param, target.type, target.id],
    },
  };
}

/**
 * Resources whose `through` reference points at a live Patient carrying the identifier. The
 * Patient's identifier rows drive (an NHS number names one patient), then that Patient's referrers.
 */
function patientIdentifierLookup(resourceType: string, through: string, identifier: { readonly system?: string | undefined; readonly value: string }): IndexLookup {
  const match = tokenMatch({ system: identifier.system, code: identifier.value });
  return {
    set: {
      sql:
        'SELECT r.id FROM search_tokens t CROSS JOIN search_references r ' +
        "ON r.resource_type = ? AND r.param = ? AND r.target_type = 'Patient' AND r.target_id = t.id " +
        `WHERE t.resource_type = 'Patient' AND t.param = ? AND ${match.sql}`,
      params: [resourceType, through, PATIENT_IDENTIFIER_PARAM, ...match.params],
    },
    // The same way round: the few Patients with the identifier, then one key lookup each for a
    // reference from this row. (Keyed by target, the reference rows cannot be found from the row.)
    probe: {
      sql:
        'EXISTS (SELECT 1 FROM search_tokens t CROSS JOIN search_references r ' +
        "ON r.resource_type = ? AND r.param = ? AND r.target_type = 'Patient' AND r.target_id = t.id AND r.id = c.id " +
        `WHERE t.resource_type = 'Patient' AND t.param = ? AND ${match.sql})`,
      params: [resourceType, through, PATIENT_IDENTIFIER_PARAM, ...match.params],
    },
  };
}

function indexedCondition(resourceType: string, condition: Exclude<SearchCondition, { kind: 'id' | 'lastUpdated' }>): IndexedCondition {
  const definition = findSearchParameter(resourceType, condition.param);
  switch (condition.kind) {
    case 'token':
      if (definition?.type !== 'token') break;
      return { rank: 3, alternatives: condition.values.map((value) => tokenLookup(resourceType, definition.name, value)) };
    case 'reference':
      if (definition?.type !== 'reference') break;
      return { rank: 1, alternatives: condition.values.map((value) => referenceLookup(resourceType, definition.name, value)) };
    case 'identifier': {
      if (definition?.type === 'reference' && definition.identifierIndex !== undefined) {
        const index = definition.identifierIndex.name;
        return { rank: 2, alternatives: condition.values.map((value) => tokenLookup(resourceType, index, { system: value.system, code: value.value })) };
      }
      const through = definition?.type === 'identifier' ? definition.through : definition?.type === 'reference' && definition.patientIdentifierChain ? definition.name : undefined;
      if (through !== undefined) {
        return { rank: 2, alternatives: condition.values.map((value) => patientIdentifierLookup(resourceType, through, value)) };
      }
      if (resourceType === 'Patient' && definition?.type === 'token' && definition.name === PATIENT_IDENTIFIER_PARAM) {
        return { rank: 1, alternatives: condition.values.map((value) => tokenLookup(resourceType, definition.name, { system: value.system, code: value.value })) };
      }
      break;
    }
  }
  throw new UnsupportedSearchParameterError(resourceType, condition.param);
}

function joinFragments(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((part) => part.sql).join(separator), params: parts.flatMap((part) => part.params) };
}

function probeOf(condition: IndexedCondition): Fragment {
  const body = joinFragments(condition.alternatives.map((alternative) => alternative.probe), ' OR ');
  return condition.alternatives.length === 1 ? body : { sql: `(${body.sql})`, params: body.params };
}

/** The ids matching any alternative, each once. */
function setOf(condition: IndexedCondition): Fragment {
  const [only] = condition.alternatives;
  if (condition.alternatives.length === 1 && only !== undefined) return { sql: only.set.sql.replace(/^SELECT /, 'SELECT DISTINCT '), params: only.set.params };
  return joinFragments(condition.alternatives.map((alternative) => alternative.set), ' UNION ');
}

interface Plan {
  /** `FROM …` with the driving rows. */
  readonly from: Fragment;
  /** Conditions on `c` beyond the driver. */
  readonly where: readonly Fragment[];
  /** The table whose `last_updated` and `id` order the page: `v` when the walk through time drives. */
  readonly ordered: 'c' | 'v';
}

/**
 * A search with nothing but `_lastUpdated` to go on walks versions newest (or oldest) first through
 * `resource_versions_by_time` and keeps those that are the live current version: for the current
 * version the two tables hold the same instant. A resource's older versions and tombstone are
 * passed over on the way. (An index of live resources by time did this without them, for one more
 * b-tree per resource written; migration 6 dropped it.) A count of the whole type needs no order
 * and reads the type's current pointers instead.
 */
const TIME_WALK = 'FROM resource_versions v CROSS JOIN current_resources c ON c.resource_type = v.resource_type AND c.id = v.id AND c.version = v.version';

function plan(input: SearchSqlInput, purpose: 'page' | 'count'): Plan {
  const walksTime = input.conditions.every((condition) => condition.kind === 'lastUpdated') && (purpose === 'page' || input.conditions.length > 0);
  const ordered = walksTime ? 'v' : 'c';
  const where: Fragment[] = [{ sql: `${ordered}.resource_type = ? AND c.deleted = 0`, params: [input.resourceType] }];
  const indexed: IndexedCondition[] = [];
  for (const condition of input.conditions) {
    if (condition.kind === 'lastUpdated') {
      // Stored instants are `toISOString()` text, so comparing text compares time.
      where.push(lastUpdatedTest(`${ordered}.last_updated`, condition.prefix, instantRange(condition.instant)));
    } else if (condition.values.length === 0) {
      // No alternatives can match nothing; the parser never sends this, but answer it exactly.
      where.push({ sql: '0', params: [] });
    } else if (condition.kind === 'id') {
      where.push({ sql: `c.id IN (${condition.values.map(() => '?').join(', ')})`, params: condition.values });
    } else {
      indexed.push(indexedCondition(input.resourceType, condition));
    }
  }
  const byId = input.conditions.some((condition) => condition.kind === 'id');
  const [driver, ...others] = [...indexed].sort((a, b) => a.rank - b.rank);
  where.push(...(byId || driver === undefined ? indexed : others).map(probeOf));
  if (walksTime) return { from: { sql: TIME_WALK, params: [] }, where, ordered };
  if (byId || driver === undefined) return { from: { sql: 'FROM current_resources c', params: [] }, where, ordered };
  const set = setOf(driver);
  return {
    from: { sql: `FROM (${set.sql}) AS m CROSS JOIN current_resources c ON c.resource_type = ? AND c.id = m.id`, params: [...set.params, input.resourceType] },
    where,
    ordered,
  };
}

/**
 * One page of matches in `order`, starting after `anchor` (the `[lastUpdated, id]` of the last row
 * already seen in that order); `limit` rows at most.
 */
export function searchPageSql(input: SearchSqlInput, order: SortOrder, anchor: readonly [string, string] | undefined, limit: number): SqlStatement {
  const { from, where, ordered: t } = plan(input, 'page');
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const conditions = anchor === undefined ? where : [...where, { sql: `(${t}.last_updated, ${t}.id) ${order === 'asc' ? '>' : '<'} (?, ?)`, params: [...anchor] }];
  const filter = joinFragments(conditions, ' AND ');
  return {
    sql: `SELECT c.id AS id, c.version AS version, c.last_updated AS lastUpdated ${from.sql} WHERE ${filter.sql} ORDER BY ${t}.last_updated ${direction}, ${t}.id ${direction} LIMIT ?`,
    params: [...from.params, ...filter.params, limit],
  };
}

export function countSql(input: SearchSqlInput): SqlStatement {
  const { from, where } = plan(input, 'count');
  const filter = joinFragments(where, ' AND ');
  return { sql: `SELECT count(*) AS total ${from.sql} WHERE ${filter.sql}`, params: [...from.params, ...filter.params] };
}
