import { z } from 'zod';
import {
  adjustmentCategorySlugs,
  isAdjustmentCode,
  isR4AdjustmentCode,
  type AdjustmentCategorySlug,
} from '../terminology/index.js';
import { compact } from './compact.js';
import { resourceIdSchema, snomedIdSchema, textSchema } from './primitives.js';
import { recordedSchema, type Recorded } from './recorded.js';
import { addRuleIssue } from './rule-issue.js';

export const BESPOKE_CATEGORY = 'bespoke-reasonable-adjustments' satisfies AdjustmentCategorySlug;

interface AdjustmentBase {
  /** Extra detail for whoever makes the adjustment (Extension-England-FlagNotes). */
  readonly notes?: string;
  readonly recorded: Recorded;
  /** Server id of the Flag, when the record was read back. */
  readonly id?: string;
}

/** An adjustment from one of the ten coded categories: its SNOMED CT code is in that category's national list. */
export interface CodedAdjustment extends AdjustmentBase {
  readonly category: Exclude<AdjustmentCategorySlug, typeof BESPOKE_CATEGORY>;
  readonly code: string;
}

/** A bespoke adjustment: always SNOMED CT 1108111000000107 in FHIR, so only the description is kept. */
export interface BespokeAdjustment extends AdjustmentBase {
  readonly category: typeof BESPOKE_CATEGORY;
  readonly description: string;
}

export type Adjustment = CodedAdjustment | BespokeAdjustment;

const shape = z.strictObject({
  category: z.enum(adjustmentCategorySlugs),
  code: snomedIdSchema.optional(),
  description: textSchema.optional(),
  notes: textSchema.optional(),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

type Shape = z.output<typeof shape>;

function checkCoding(a: Shape, ctx: z.RefinementCtx): void {
  if (a.category === BESPOKE_CATEGORY) {
    if (a.description === undefined) addRuleIssue(ctx, ['description'], 'mapping.record-bespoke-description');
    if (a.code !== undefined) {
      addRuleIssue(ctx, ['code'], 'mapping.record-not-allowed', { element: 'code', kind: 'a bespoke adjustment' });
    }
    return;
  }
  if (a.code === undefined) addRuleIssue(ctx, ['code'], 'mapping.record-required', { element: 'code' });
  else if (!isAdjustmentCode(a.code, a.category) || !isR4AdjustmentCode(a.code)) {
    addRuleIssue(ctx, ['code'], 'mapping.record-code-not-in-category');
  }
  if (a.description !== undefined) {
    addRuleIssue(ctx, ['description'], 'mapping.record-not-allowed', { element: 'description', kind: 'a coded adjustment' });
  }
}

/** Narrows to the union; checkCoding has already made sure the code or description is there. */
function toAdjustment(a: Shape): Adjustment {
  const common = { notes: a.notes, recorded: a.recorded, id: a.id };
  if (a.category === BESPOKE_CATEGORY) return compact({ category: a.category, description: a.description ?? '', ...common });
  return compact({ category: a.category, code: a.code ?? '', ...common });
}

/** One reasonable adjustment (England-Flag-PatientFlag-Adjustment). */
export const adjustmentSchema = shape.superRefine(checkCoding).transform(toAdjustment);

export function isBespoke(adjustment: Adjustment): adjustment is BespokeAdjustment {
  return adjustment.category === BESPOKE_CATEGORY;
}
