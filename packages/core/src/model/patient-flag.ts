import { z } from 'zod';
import { resourceIdSchema, textSchema } from './primitives.js';
import { recordedSchema, type Recorded } from './recorded.js';

/**
 * The England-Flag-PatientFlag itself: the fact that the person has a flag. Everything is optional
 * because the mapping derives it: without `recorded`, the flag is recorded like the first item of
 * the record (see `patientFlagRecorded`).
 */
export const patientFlagSchema = z.strictObject({
  recorded: recordedSchema.optional(),
  /** Notes on the flag as a whole (Extension-England-FlagNotes on the PatientFlag). */
  notes: textSchema.optional(),
  /** Server id of the PatientFlag, when the record was read back. */
  id: resourceIdSchema.optional(),
});

export type PatientFlagDetails = z.output<typeof patientFlagSchema>;

/** The items whose `recorded` can stand for the PatientFlag's, in the order they are tried. */
interface RecordedItems {
  readonly consent?: { readonly recorded: Recorded } | undefined;
  readonly adjustments: readonly { readonly recorded: Recorded }[];
  readonly impairments: readonly { readonly recorded: Recorded }[];
  readonly underlyingConditions: readonly { readonly recorded: Recorded }[];
  readonly scr: {
    readonly significantMedicalHistory: readonly { readonly recorded: Recorded }[];
    readonly healthActionPlan?: { readonly recorded: Recorded } | undefined;
    readonly careCoordinator?: { readonly recorded: Recorded } | undefined;
    readonly endOfLifePreferences?: { readonly recorded: Recorded } | undefined;
    readonly contacts: readonly { readonly recorded: Recorded }[];
  };
}

/**
 * The first recorded item: the consent (which is what raises the flag), then the first adjustment,
 * impairment, underlying condition and SCR item.
 */
export function firstRecorded(items: RecordedItems): Recorded | undefined {
  const { scr } = items;
  return (
    items.consent?.recorded ??
    items.adjustments[0]?.recorded ??
    items.impairments[0]?.recorded ??
    items.underlyingConditions[0]?.recorded ??
    scr.significantMedicalHistory[0]?.recorded ??
    scr.healthActionPlan?.recorded ??
    scr.careCoordinator?.recorded ??
    scr.endOfLifePreferences?.recorded ??
    scr.contacts[0]?.recorded
  );
}

/** Who recorded the PatientFlag: as the record says, or else as the first recorded item. */
export function patientFlagRecorded(record: RecordedItems & { readonly patientFlag?: PatientFlagDetails | undefined }): Recorded | undefined {
  return record.patientFlag?.recorded ?? firstRecorded(record);
}
