export { textSchema, instantSchema, dateSchema, snomedIdSchema, spineIdSchema, resourceIdSchema, phoneSchema } from './primitives.js';
export {
  recordedSchema,
  practitionerSchema,
  organisationSchema,
  provenanceRoleSchema,
  type Recorded,
  type Practitioner,
  type Organisation,
  type ProvenanceRole,
} from './recorded.js';
export { patientSchema, nhsNumberSchema, personNameSchema, type RaPatient, type PersonName } from './patient.js';
export { patientFlagSchema, patientFlagRecorded, firstRecorded, type PatientFlagDetails } from './patient-flag.js';
export {
  adjustmentSchema,
  isBespoke,
  BESPOKE_CATEGORY,
  type Adjustment,
  type CodedAdjustment,
  type BespokeAdjustment,
} from './adjustment.js';
export { impairmentSchema, type Impairment } from './impairment.js';
export { underlyingConditionSchema, type UnderlyingCondition } from './underlying-condition.js';
export {
  consentSchema,
  sharingSchema,
  sharingPartnerSchema,
  type RaConsent,
  type Sharing,
  type SharingPartner,
} from './consent.js';
export {
  scrInformationSchema,
  significantMedicalHistorySchema,
  healthActionPlanSchema,
  careCoordinatorSchema,
  endOfLifePreferencesSchema,
  scrContactSchema,
  contactKinds,
  type ScrInformation,
  type SignificantMedicalHistory,
  type HealthActionPlan,
  type CareCoordinator,
  type EndOfLifePreferences,
  type ScrContact,
  type ContactKind,
} from './scr-information.js';
export { raRecordSchema, type RaRecord, type RaRecordInput } from './ra-record.js';
export { parseRecord, recordPath, type ParseRecordResult } from './parse-record.js';
