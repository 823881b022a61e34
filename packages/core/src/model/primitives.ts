import { z } from 'zod';

/**
 * The small value types every part of the record shares. Each check names in its issue which
 * catalogue message applies (`params.id`), so parseRecord can report it without echoing the value.
 */

/** A string that matches a pattern; a mismatch names the expected format, never the value. */
const matching = (pattern: RegExp, format: string) =>
  z.string().refine((v) => pattern.test(v), { params: { id: 'mapping.record-invalid-format', format } });

/** Free text: at least one visible character, because FHIR strings may not be empty. */
export const textSchema = z.string().refine((v) => /\S/.test(v), { params: { id: 'mapping.record-empty' } });

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';

/** FHIR instant: a full timestamp with seconds and a time zone. */
export const instantSchema = matching(
  new RegExp(
    `^${YEAR}-${MONTH}-${DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`,
  ),
  'FHIR instant',
);

/** FHIR date: a year, a year and month, or a full date. */
export const dateSchema = matching(new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`), 'FHIR date');

/** A SNOMED CT concept id: 6 to 18 digits, no leading zero. */
export const snomedIdSchema = matching(/^[1-9][0-9]{5,17}$/, 'SNOMED CT concept id');

/**
 * An ODS organisation code or an SDS user id. Both become the last segment of a Spine URL, so only
 * letters and digits are allowed (the national examples use lower case, e.g. `a3e5i7`).
 */
export const spineIdSchema = matching(/^[A-Za-z0-9]{1,20}$/, 'ODS or SDS code');

/** A FHIR logical id, as the server gave it when the item was read back. */
export const resourceIdSchema = matching(/^[A-Za-z0-9\-.]{1,64}$/, 'FHIR id');

/** A telephone number as people write it: digits, spaces and + ( ) - only. */
export const phoneSchema = matching(/^\+?[0-9][0-9 ()-]{2,30}$/, 'telephone number');
