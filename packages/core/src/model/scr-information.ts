import { z } from 'zod';
import { dateSchema, phoneSchema, resourceIdSchema, snomedIdSchema, spineIdSchema, textSchema } from './primitives.js';
import { recordedSchema } from './recorded.js';

/**
 * Additional Summary Care Record information a person may add beside the flag (domain.md §8 and the
 * LeDeR recommendations 3 and 4). One item kind per heading, each recorded like any flag item.
 */

const emailSchema = z
  .string()
  .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { params: { id: 'mapping.record-invalid-format', format: 'e-mail address' } });

/** Past or present significant medical history, written as a Condition. */
export const significantMedicalHistorySchema = z.strictObject({
  code: snomedIdSchema,
  display: textSchema,
  onset: dateSchema.optional(),
  note: textSchema.optional(),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

/** The Health Action Plan from the annual health check (LeDeR rec. 3), and who it is shared with. */
export const healthActionPlanSchema = z.strictObject({
  planDate: dateSchema,
  summary: textSchema,
  /** People or services the plan is shared with, as the person described them. */
  sharedWith: z.array(textSchema).default(() => []),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

/** The named care coordinator for people with two or more long-term conditions (LeDeR rec. 4). */
export const careCoordinatorSchema = z.strictObject({
  name: textSchema,
  role: textSchema.optional(),
  organisation: z.strictObject({ name: textSchema, odsCode: spineIdSchema.optional() }).optional(),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

/** End-of-life care preferences, in the person's words. */
export const endOfLifePreferencesSchema = z.strictObject({
  text: textSchema,
  /** When the preferences were expressed. */
  date: dateSchema.optional(),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

export const contactKinds = ['carer', 'lasting-power-of-attorney'] as const;

/** A carer, or someone holding a lasting power of attorney for health and welfare. */
export const scrContactSchema = z.strictObject({
  kind: z.enum(contactKinds),
  name: textSchema,
  relationship: textSchema.optional(),
  phone: phoneSchema.optional(),
  recorded: recordedSchema,
  id: resourceIdSchema.optional(),
});

export const scrInformationSchema = z.strictObject({
  significantMedicalHistory: z.array(significantMedicalHistorySchema).default(() => []),
  healthActionPlan: healthActionPlanSchema.optional(),
  careCoordinator: careCoordinatorSchema.optional(),
  endOfLifePreferences: endOfLifePreferencesSchema.optional(),
  contacts: z.array(scrContactSchema).default(() => []),
});

export type SignificantMedicalHistory = z.output<typeof significantMedicalHistorySchema>;
export type HealthActionPlan = z.output<typeof healthActionPlanSchema>;
export type CareCoordinator = z.output<typeof careCoordinatorSchema>;
export type EndOfLifePreferences = z.output<typeof endOfLifePreferencesSchema>;
export type ContactKind = (typeof contactKinds)[number];
export type ScrContact = z.output<typeof scrContactSchema>;
export type ScrInformation = z.output<typeof scrInformationSchema>;
