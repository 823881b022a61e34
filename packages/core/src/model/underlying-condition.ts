import { z } from 'zod';
import { resourceIdSchema, snomedIdSchema, textSchema } from './primitives.js';
import { recordedSchema } from './recorded.js';

/**
 * A condition behind the need for adjustments, coded in SNOMED CT. Its display is kept because the
 * shipped terminology holds only the adjustment lists, so the mapping cannot derive it.
 */
export const underlyingConditionSchema = z
  .strictObject({
    code: snomedIdSchema,
    display: textSchema.optional(),
    recorded: recordedSchema,
    /** Server id of the Condition, when the record was read back. */
    id: resourceIdSchema.optional(),
  });

export type UnderlyingCondition = z.output<typeof underlyingConditionSchema>;
