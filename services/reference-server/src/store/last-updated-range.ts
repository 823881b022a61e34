import { StoreQueryError } from './store-errors.js';

/**
 * The span of time a FHIR date or dateTime stands for, at its own precision: `2026-11` is the
 * whole of November, `2026-11-26T12:00:00.000Z` one millisecond. `_lastUpdated=eq2026-11-26`
 * therefore finds everything written that day, as FHIR search means it.
 */
export interface InstantRange {
  /** First instant inside, as stored (`toISOString()`). */
  readonly from: string;
  /** First instant after. */
  readonly to: string;
}

const SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export function instantRange(value: string): InstantRange {
  const match = SHAPE.exec(value);
  const start = Date.parse(value);
  if (match === null || Number.isNaN(start)) throw new StoreQueryError('_lastUpdated is not a FHIR date or dateTime.');
  const [, year, month, day, hour, , second, fraction] = match;
  let end: number;
  if (month === undefined) end = Date.UTC(Number(year) + 1, 0, 1);
  else if (day === undefined) end = Date.UTC(Number(year), Number(month), 1);
  else if (hour === undefined) end = start + 86_400_000;
  else if (second === undefined) end = start + 60_000;
  else if (fraction === undefined) end = start + 1_000;
  else end = start + Math.max(1, 10 ** (3 - Math.min(fraction.length, 3)));
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** The SQL test on `column` for a prefix over the range. */
export function lastUpdatedTest(column: string, prefix: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', range: InstantRange): { readonly sql: string; readonly params: readonly string[] } {
  switch (prefix) {
    case 'eq':
      return { sql: `${column} >= ? AND ${column} < ?`, params: [range.from, range.to] };
    case 'ne':
      return { sql: `(${column} < ? OR ${column} >= ?)`, params: [range.from, range.to] };
    case 'lt':
      return { sql: `${column} < ?`, params: [range.from] };
    case 'le':
      return { sql: `${column} < ?`, params: [range.to] };
    case 'gt':
      return { sql: `${column} >= ?`, params: [range.to] };
    case 'ge':
      return { sql: `${column} >= ?`, params: [range.from] };
  }
}
