import { findSearchParameter, type ReferenceParameter, type SearchParameterDefinition } from '../../search/search-parameters.js';
import type { SearchCondition, SearchQuery } from '../../store/store.js';
import { httpError } from '../http-error.js';
import { includeParameter } from './search-includes.js';
import { splitToken, splitValues, splitValuesRaw } from './split-values.js';
import { safeParameterName } from './parameter-name.js';

export const DEFAULT_COUNT = 20;
/** The opaque paging cursor travels in this parameter of `next` / `previous` links. */
export const CURSOR_PARAM = '_cursor';

export interface ParsedSearch {
  readonly query: SearchQuery;
  /** `_summary=count` (or `_count=0`): answer with the total only. */
  readonly summaryCount: boolean;
  /** Reference parameters named by `_include`, in the order asked. */
  readonly includes: readonly string[];
  /** Set when `_count` asked for more than the limit and was lowered to it. */
  readonly clampedFrom: number | undefined;
}

export interface SearchLimits {
  readonly countMax: number;
}

const CONTROL = new Set(['_count', '_sort', '_summary', '_include', CURSOR_PARAM, '_format']);
const PREFIXES = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
type Prefix = (typeof PREFIXES)[number];
const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

const invalid = (name: string, problem: string) => httpError(400, 'http.search-parameter-invalid', undefined, { name, problem });

function nonEmpty(name: string, values: readonly string[]): readonly string[] {
  if (values.length === 0 || values.some((value) => value === '')) throw invalid(name, 'empty value');
  return values;
}

function tokenCondition(name: string, raw: string): SearchCondition {
  const values = nonEmpty(name, splitValuesRaw(raw)).map((value) => {
    const token = splitToken(value);
    if (token.code === '') throw invalid(name, 'a token needs a code');
    // `|code` means "no system", which the store keeps as the empty string.
    return { system: token.system, code: token.code };
  });
  return { kind: 'token', param: name, values };
}

function identifierCondition(name: string, raw: string): SearchCondition {
  const values = nonEmpty(name, splitValuesRaw(raw)).map((value) => {
    const token = splitToken(value);
    if (token.code === '') throw invalid(name, 'an identifier needs a value');
    return { system: token.system, value: token.code };
  });
  return { kind: 'identifier', param: name, values };
}

/** `Patient/1`, `http://host/fhir/Patient/1` or a bare `1` when the parameter has one target type. */
function referenceCondition(definition: ReferenceParameter, raw: string): SearchCondition {
  const values = nonEmpty(definition.name, splitValues(raw)).map((value) => {
    const parts = value.split('?')[0]?.split('/') ?? [];
    const id = parts[parts.length - 1] ?? '';
    const type = parts.length >= 2 ? parts[parts.length - 2] : definition.targets.length === 1 ? definition.targets[0] : undefined;
    if (type === undefined || !definition.targets.includes(type) || !ID.test(id)) {
      throw invalid(definition.name, `a reference must be Type/id with Type one of ${definition.targets.join(', ')}`);
    }
    return { type, id };
  });
  return { kind: 'reference', param: definition.name, values };
}

function lastUpdatedCondition(name: string, raw: string): SearchCondition {
  if (splitValues(raw).length !== 1) throw invalid(name, 'one date per parameter; repeat the parameter for a range');
  const prefix = PREFIXES.find((p) => raw.startsWith(p));
  const instant = prefix === undefined ? raw : raw.slice(2);
  if (!DATE.test(instant) || Number.isNaN(Date.parse(instant))) throw invalid(name, 'not a FHIR date or dateTime');
  return { kind: 'lastUpdated', prefix: (prefix ?? 'eq') satisfies Prefix, instant };
}

function condition(resourceType: string, key: string, raw: string): SearchCondition {
  // `patient:identifier=` and the chained `patient.identifier=` mean the same lookup.
  const [base = '', modifier] = key.includes(':') ? key.split(':', 2) : key.endsWith('.identifier') ? [key.slice(0, -'.identifier'.length), 'identifier'] : [key, undefined];
  const definition: SearchParameterDefinition | undefined = findSearchParameter(resourceType, base);
  const unknown = () => httpError(400, 'http.search-parameter-unknown', undefined, { name: safeParameterName(key), type: resourceType });
  if (!definition) throw unknown();
  if (modifier !== undefined) {
    if (modifier === 'identifier' && definition.type === 'reference' && definition.patientIdentifierChain) return identifierCondition(base, raw);
    throw unknown();
  }
  switch (definition.type) {
    case 'token':
      return tokenCondition(base, raw);
    case 'identifier':
      return identifierCondition(base, raw);
    case 'reference':
      return referenceCondition(definition, raw);
    case 'id':
      return { kind: 'id', values: nonEmpty(key, splitValues(raw)) };
    case 'date':
      return lastUpdatedCondition(key, raw);
  }
}

function single(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  if (all.length > 1) throw httpError(400, 'http.search-parameter-repeated', undefined, { name });
  return all[0];
}

function parseCount(raw: string | undefined, limits: SearchLimits): { count: number; clampedFrom: number | undefined; zero: boolean } {
  if (raw === undefined) return { count: DEFAULT_COUNT, clampedFrom: undefined, zero: false };
  if (!/^\d{1,9}$/.test(raw)) throw invalid('_count', 'not a whole number');
  const asked = Number(raw);
  if (asked === 0) return { count: 1, clampedFrom: undefined, zero: true };
  if (asked > limits.countMax) return { count: limits.countMax, clampedFrom: asked, zero: false };
  return { count: asked, clampedFrom: undefined, zero: false };
}

/**
 * Reads a search's parameters strictly through the search-parameter table: anything it does not
 * know is a 400 naming the parameter, never silently ignored (a dropped filter returns other
 * people's records).
 */
export function parseSearch(resourceType: string, params: URLSearchParams, limits: SearchLimits): ParsedSearch {
  const conditions: SearchCondition[] = [];
  for (const [key, value] of params) {
    if (CONTROL.has(key)) continue;
    conditions.push(condition(resourceType, key, value));
  }
  const { count, clampedFrom, zero } = parseCount(single(params, '_count'), limits);
  const sortRaw = single(params, '_sort');
  if (sortRaw !== undefined && sortRaw !== '_lastUpdated' && sortRaw !== '-_lastUpdated') {
    throw invalid('_sort', 'only _lastUpdated and -_lastUpdated are supported');
  }
  const summary = single(params, '_summary');
  if (summary !== undefined && summary !== 'count' && summary !== 'false') throw invalid('_summary', 'only count and false are supported');
  const includes = params.getAll('_include').map((value) => {
    const name = includeParameter(resourceType, value);
    if (name === undefined) throw invalid('_include', `not a reference parameter of ${resourceType}`);
    return name;
  });
  const cursor = single(params, CURSOR_PARAM);
  return {
    query: {
      resourceType,
      conditions,
      // Newest first unless asked otherwise: what a clinician looking at a record wants first.
      sort: sortRaw === '_lastUpdated' ? 'lastUpdated' : '-lastUpdated',
      count,
      cursor,
    },
    summaryCount: summary === 'count' || zero,
    includes,
    clampedFrom,
  };
}
