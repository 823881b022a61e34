import { z } from 'zod';
import { checkNhsNumber } from '../nhs-number.js';
import { resourceIdSchema, textSchema } from './primitives.js';
import { addRuleIssue } from './rule-issue.js';

/** Ten digits with a valid modulus 11 check digit; the two failures have their own catalogue messages. */
export const nhsNumberSchema = z.string().superRefine((value, ctx) => {
  const check = checkNhsNumber(value);
  if (check === 'format') addRuleIssue(ctx, [], 'business.nhs-number-format');
  if (check === 'check-digit') addRuleIssue(ctx, [], 'business.nhs-number-check-digit');
});

export const personNameSchema = z
  .strictObject({
    family: textSchema.optional(),
    given: z.array(textSchema).min(1).optional(),
  })
  .refine((name) => name.family !== undefined || name.given !== undefined, {
    params: { id: 'mapping.record-required', element: 'family' },
    path: ['family'],
  });

/** The person the record is about: enough to write a Patient resource and to find it again. */
export const patientSchema = z.strictObject({
  nhsNumber: nhsNumberSchema,
  /** The recording system's own patient identifier. */
  localId: textSchema.optional(),
  name: personNameSchema.optional(),
  /** Server id of the Patient, when the record was read back. */
  id: resourceIdSchema.optional(),
});

export type PersonName = z.output<typeof personNameSchema>;
export type RaPatient = z.output<typeof patientSchema>;
