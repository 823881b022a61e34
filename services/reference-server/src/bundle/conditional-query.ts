import { findSearchParameter } from '../search/search-parameters.js';
import type { SearchCondition, SearchQuery } from '../store/store.js';
import { entryFailure } from './entry-failure.js';

/** `system|code`, `|code` or `code`. */
function token(value: string): { system?: string | undefined; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  return { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

/** `Patient/abc` or `abc` (the parameter's only target type is then assumed). */
function reference(value: string, targets: readonly string[]): { type: string; id: string } | undefined {
  const parts = value.split('/');
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) return { type: parts[0], id: parts[1] };
  if (parts.length === 1 && targets.length === 1 && targets[0] !== undefined) return { type: targets[0], id: value };
  return undefined;
}

/**
 * The search an `If-None-Exist` names, as a store query (exact matches only: token, reference,
 * identifier and `_id` parameters). Throws EntryFailure 400 for a parameter it cannot answer, so a
 * conditional create is never silently unconditional.
 */
export function conditionalQuery(resourceType: string, queryString: string, expression: string): SearchQuery {
  const conditions: SearchCondition[] = [];
  const params = new URLSearchParams(queryString);
  for (const [rawName, rawValue] of params) {
    const [name = '', modifier] = rawName.split(':', 2);
    const values = rawValue.split(',');
    const parameter = findSearchParameter(resourceType, name);
    const problem = (what: string) => entryFailure(400, 'http.search-parameter-invalid', expression, { name: rawName, problem: what });
    if (parameter === undefined) throw entryFailure(400, 'http.search-parameter-unknown', expression, { name: rawName, type: resourceType });
    if (values.some((v) => v === '')) throw problem('an empty value');
    if (parameter.type === 'token' && modifier === undefined) {
      conditions.push({ kind: 'token', param: name, values: values.map(token) });
    } else if (parameter.type === 'identifier' && modifier === undefined) {
      conditions.push({ kind: 'identifier', param: name, values: values.map((v) => { const t = token(v); return { system: t.system, value: t.code }; }) });
    } else if (parameter.type === 'reference' && modifier === 'identifier' && parameter.patientIdentifierChain) {
      conditions.push({ kind: 'identifier', param: name, values: values.map((v) => { const t = token(v); return { system: t.system, value: t.code }; }) });
    } else if (parameter.type === 'reference' && modifier === undefined) {
      const targets = values.map((v) => reference(v, parameter.targets));
      if (targets.some((t) => t === undefined)) throw problem('a reference must be Type/id');
      conditions.push({ kind: 'reference', param: name, values: targets.filter((t) => t !== undefined) });
    } else if (parameter.type === 'id' && modifier === undefined) {
      conditions.push({ kind: 'id', values });
    } else {
      throw problem('conditional create accepts exact token, reference, identifier and _id matches only');
    }
  }
  if (conditions.length === 0) throw entryFailure(400, 'http.search-parameter-invalid', expression, { name: 'ifNoneExist', problem: 'no search parameters' });
  // Two is enough to tell "exactly one" from "more than one".
  return { resourceType, conditions, sort: 'lastUpdated', count: 2 };
}
