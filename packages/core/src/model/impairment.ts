import { z } from 'zod';
import { impairmentSlugs } from '../terminology/index.js';
import { resourceIdSchema, textSchema } from './primitives.js';
import { recordedSchema } from './recorded.js';
import { addRuleIssue } from './rule-issue.js';

/** An impairment from the national list (England-ConditionCodeRA); `other` says what it is in `text`. */
export const impairmentSchema = z
  .strictObject({
    code: z.enum(impairmentSlugs),
    /** Free text, written to Condition.code.text; required for `other`. */
    text: textSchema.optional(),
    recorded: recordedSchema,
    /** Server id of the Condition, when the record was read back. */
    id: resourceIdSchema.optional(),
  })
  .superRefine((impairment, ctx) => {
    if (impairment.code === 'other' && impairment.text === undefined) {
      addRuleIssue(ctx, ['text'], 'mapping.record-other-impairment-text');
    }
  });

export type Impairment = z.output<typeof impairmentSchema>;
