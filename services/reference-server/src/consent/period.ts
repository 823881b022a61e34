/**
 * Whether a FHIR Period contains an instant. A date given to the day, month or year covers all of
 * it (`end: "2026-03-01"` runs to the end of that day), as FHIR reads partial dates. A bound that
 * cannot be read makes the period contain nothing: a rule we cannot date does not apply as a permit.
 */
export function periodContains(period: unknown, now: number): boolean {
  if (typeof period !== 'object' || period === null || Array.isArray(period)) return false;
  const { start, end } = period as Record<string, unknown>;
  if (start !== undefined) {
    const from = bound(start, 'start');
    if (from === undefined || now < from) return false;
  }
  if (end !== undefined) {
    const to = bound(end, 'end');
    if (to === undefined || now > to) return false;
  }
  return true;
}

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function bound(value: unknown, side: 'start' | 'end'): number | undefined {
  if (typeof value !== 'string') return undefined;
  const partial = PARTIAL.exec(value);
  if (partial === null) {
    // A dateTime with a time must carry a zone in FHIR; Date.parse would read one without as local time.
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const [, y, m, d] = partial;
  const year = Number(y);
  const month = m === undefined ? 0 : Number(m) - 1;
  const day = d === undefined ? 1 : Number(d);
  const first = Date.UTC(year, month, day);
  if (Number.isNaN(first) || month > 11 || day > 31) return undefined;
  if (side === 'start') return first;
  const next = d !== undefined ? Date.UTC(year, month, day + 1) : m !== undefined ? Date.UTC(year, month + 1, 1) : Date.UTC(year + 1, 0, 1);
  return next - 1;
}
