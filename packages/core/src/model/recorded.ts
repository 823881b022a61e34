import { z } from 'zod';
import { isProvenanceRole, valueSet } from '../terminology/index.js';
import { instantSchema, spineIdSchema, textSchema } from './primitives.js';

/** A person with an NHS Spine Directory Service user id (the SDS id ends a Spine Practitioner URL). */
export const practitionerSchema = z.strictObject({
  sdsId: spineIdSchema,
  name: textSchema.optional(),
});

/** An organisation named by its ODS code. */
export const organisationSchema = z.strictObject({
  odsCode: spineIdSchema,
  name: textSchema.optional(),
});

/** The role of whoever recorded an item, from the national provenance-role value set. */
export const provenanceRoleSchema = z
  .strictObject({ system: z.string(), code: z.string() })
  .refine((role) => isProvenanceRole(role.system, role.code), {
    params: { id: 'mapping.record-invalid-code', allowed: valueSet.englandFlagProvenanceRole },
  });

/**
 * Who recorded an item, for whom and when: what the contained England-Provenance-Flag says.
 * The practitioner is optional because some systems record on behalf of an organisation only.
 */
export const recordedSchema = z.strictObject({
  practitioner: practitionerSchema.optional(),
  organisation: organisationSchema,
  role: provenanceRoleSchema,
  when: instantSchema,
});

export type Practitioner = z.output<typeof practitionerSchema>;
export type Organisation = z.output<typeof organisationSchema>;
export type ProvenanceRole = z.output<typeof provenanceRoleSchema>;
export type Recorded = z.output<typeof recordedSchema>;
