/**
 * The R4 primitive types: which JSON type carries each, and a test of its lexical form following
 * the regexes in the R4 StructureDefinitions. The spec's regexes are Java regexes, where `\s` is
 * ASCII whitespace only, so they are spelled out here rather than copied (JavaScript's `\s` also
 * matches non-breaking and other Unicode spaces, which FHIR strings may contain).
 */

export type JsonKind = 'string' | 'number' | 'boolean';

export interface PrimitiveFormat {
  readonly name: string;
  readonly json: JsonKind;
  /** Whether a value already known to be of JSON type `json` has this primitive's lexical form. */
  readonly test: (value: string | number | boolean) => boolean;
}

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const DATE_RE = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
const DATE_TIME_RE = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`);
const INSTANT_RE = new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${ZONE}$`);
const TIME_RE = new RegExp(`^${TIME}$`);
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const OID_RE = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const UUID_RE = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CODE_RE = /^[^ \t\n\v\f\r]+([ \t\n\v\f\r][^ \t\n\v\f\r]+)*$/;
/** Java's `\s`: what `\S*` (uri, url, canonical) excludes. */
const ASCII_SPACE_RE = /[ \t\n\v\f\r]/;
const ASCII_SPACES_RE = /[ \t\n\v\f\r]+/g;

/** Strings SHALL NOT contain control characters other than tab, carriage return and line feed. */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what FHIR forbids
const CONTROL_RE = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** A date-bearing value that passed its regex names a real calendar day (no 30 February). */
function realDay(s: string): boolean {
  if (s.length < 10) return true;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  if (day <= 28) return true;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  if (month === 4 || month === 6 || month === 9 || month === 11) return day <= 30;
  return true;
}

const isString = (v: string | number | boolean): v is string => typeof v === 'string';

function text(v: string | number | boolean): boolean {
  return isString(v) && v.length > 0 && !CONTROL_RE.test(v);
}

function noSpace(v: string | number | boolean): boolean {
  return isString(v) && !ASCII_SPACE_RE.test(v);
}

function base64(v: string | number | boolean): boolean {
  if (!isString(v)) return false;
  const packed = ASCII_SPACE_RE.test(v) ? v.replace(ASCII_SPACES_RE, '') : v;
  return packed.length > 0 && packed.length % 4 === 0 && BASE64_RE.test(packed);
}

const integerIn = (min: number) => (v: string | number | boolean): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= INT_MAX;

const matching = (re: RegExp) => (v: string | number | boolean): boolean => isString(v) && re.test(v);

const calendar = (re: RegExp) => (v: string | number | boolean): boolean => isString(v) && re.test(v) && realDay(v);

/**
 * xhtml is checked by `xhtml.ts`, which needs more than a yes/no; as a plain primitive it only
 * has to be a string.
 */
const PRIMITIVES: readonly PrimitiveFormat[] = [
  { name: 'base64Binary', json: 'string', test: base64 },
  { name: 'boolean', json: 'boolean', test: () => true },
  { name: 'canonical', json: 'string', test: noSpace },
  { name: 'code', json: 'string', test: matching(CODE_RE) },
  { name: 'date', json: 'string', test: calendar(DATE_RE) },
  { name: 'dateTime', json: 'string', test: calendar(DATE_TIME_RE) },
  { name: 'decimal', json: 'number', test: (v) => typeof v === 'number' && Number.isFinite(v) },
  { name: 'id', json: 'string', test: matching(ID_RE) },
  { name: 'instant', json: 'string', test: calendar(INSTANT_RE) },
  { name: 'integer', json: 'number', test: integerIn(INT_MIN) },
  { name: 'markdown', json: 'string', test: text },
  { name: 'oid', json: 'string', test: matching(OID_RE) },
  { name: 'positiveInt', json: 'number', test: integerIn(1) },
  { name: 'string', json: 'string', test: text },
  { name: 'time', json: 'string', test: matching(TIME_RE) },
  { name: 'unsignedInt', json: 'number', test: integerIn(0) },
  { name: 'uri', json: 'string', test: noSpace },
  { name: 'url', json: 'string', test: noSpace },
  { name: 'uuid', json: 'string', test: matching(UUID_RE) },
  { name: 'xhtml', json: 'string', test: isString },
];

const BY_NAME = new Map(PRIMITIVES.map((p) => [p.name, p]));

/** The format of an R4 primitive type, or undefined when `name` is not one. */
export function primitiveFormat(name: string): PrimitiveFormat | undefined {
  return BY_NAME.get(name);
}

/** Every primitive type name this module knows. */
export const primitiveNames: readonly string[] = PRIMITIVES.map((p) => p.name);

/** Whether a value is a valid instance of a primitive type (JSON type and lexical form). */
export function isValidPrimitive(name: string, value: unknown): boolean {
  const format = BY_NAME.get(name);
  if (!format) return false;
  if (typeof value !== format.json) return false;
  return format.test(value as string | number | boolean);
}

/** Whether a string is a valid FHIR string (non-empty, no control characters but tab, CR and LF). */
export function isFhirString(value: string): boolean {
  return value.length > 0 && !CONTROL_RE.test(value);
}

/** The id regex, for references and fullUrls. */
export const ID_PATTERN = ID_RE;
export const UUID_PATTERN = UUID_RE;
export const OID_PATTERN = OID_RE;
