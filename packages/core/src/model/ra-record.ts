import { z } from 'zod';
import { adjustmentSchema } from './adjustment.js';
import { consentSchema } from './consent.js';
import { impairmentSchema } from './impairment.js';
import { patientSchema } from './patient.js';
import { firstRecorded, patientFlagSchema } from './patient-flag.js';
import { addRuleIssue } from './rule-issue.js';
import { scrInformationSchema } from './scr-information.js';
import { underlyingConditionSchema } from './underlying-condition.js';

/**
 * One person's reasonable-adjustment record: the flag, its adjustments, impairments and underlying
 * conditions, the current consent, and additional Summary Care Record information. Lists default to
 * empty, so a record can be written with only what it holds.
 */
export const raRecordSchema = z
  .strictObject({
    patient: patientSchema,
    patientFlag: patientFlagSchema.optional(),
    adjustments: z.array(adjustmentSchema).default(() => []),
    impairments: z.array(impairmentSchema).default(() => []),
    underlyingConditions: z.array(underlyingConditionSchema).default(() => []),
    consent: consentSchema.optional(),
    scr: scrInformationSchema.default(() => ({ significantMedicalHistory: [], contacts: [] })),
  })
  .superRefine((record, ctx) => {
    // The PatientFlag needs a Provenance; with no item to borrow it from, the record must say.
    if (record.patientFlag?.recorded === undefined && firstRecorded(record) === undefined) {
      addRuleIssue(ctx, ['patientFlag', 'recorded'], 'mapping.record-required', { element: 'recorded' });
    }
  });

/** A valid record, as parseRecord and fromFhir return it. */
export type RaRecord = z.output<typeof raRecordSchema>;
/** What parseRecord accepts: the same, with the lists and `scr` optional. */
export type RaRecordInput = z.input<typeof raRecordSchema>;
