/**
 * Canonical URLs: the national ones we read and emit, and the project's own, which all hang off
 * one base so that a site can see at a glance what is national and what is raflag's.
 */

/** The one base URL under which every raflag-defined profile, code system and message id lives. */
export const RAFLAG_BASE = 'https://raflag.dev/fhir';

export const raflagUrl = {
  /** Project profile for consent to share the flag (DESIGN decision 3). */
  consentProfile: `${RAFLAG_BASE}/StructureDefinition/RA-Consent`,
  /** Annotation extension for a best-interest summary written when consent is recorded. */
  consentCreateSummary: `${RAFLAG_BASE}/StructureDefinition/Extension-RA-ConsentCreateSummary`,
  /** Annotation extension for a best-interest summary written when consent is refused or withdrawn. */
  consentRemoveSummary: `${RAFLAG_BASE}/StructureDefinition/Extension-RA-ConsentRemoveSummary`,
  /** Message ids of validation and mapping issues (`OperationOutcome.issue.details.coding`). */
  messageCodeSystem: `${RAFLAG_BASE}/CodeSystem/raflag-message`,
  /** Extension on an OperationOutcome issue naming the profile whose rule failed. */
  issueProfileExtension: `${RAFLAG_BASE}/StructureDefinition/issue-profile`,
  /** Extension on an OperationOutcome issue with the line and column in the submitted text. */
  issuePositionExtension: `${RAFLAG_BASE}/StructureDefinition/issue-position`,
  /** Project code system for additional Summary Care Record information that has no national code. */
  scrInformationCodeSystem: `${RAFLAG_BASE}/CodeSystem/scr-additional-information`,
  /** Project code system for the kind of a sharing partner named in a consent provision. */
  sharingPartnerIdentifier: `${RAFLAG_BASE}/Id/sharing-partner`,
  /** Local patient identifier system used when a record carries a local id. */
  localPatientIdentifier: `${RAFLAG_BASE}/Id/local-patient-id`,
  /**
   * Extension (context Flag, `valueString`, 0..*) on the SCR Health Action Plan Flag: one entry per
   * person or service the plan is shared with, as the person described them.
   */
  scrSharedWith: `${RAFLAG_BASE}/StructureDefinition/Extension-SCR-SharedWith`,
  /**
   * Extension (context Flag, `valueReference` to a contained RelatedPerson, 1..1) on an SCR carer or
   * lasting-power-of-attorney contact Flag: the contact's name, relationship and telephone number.
   */
  scrContact: `${RAFLAG_BASE}/StructureDefinition/Extension-SCR-Contact`,
} as const;

export const SNOMED = 'http://snomed.info/sct';
/** The wrong SNOMED system several national examples emit; accepted with a warning, never emitted. */
export const SNOMED_HTTPS = 'https://snomed.info/sct';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANISATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';

const ENGLAND_SD = 'https://fhir.nhs.uk/England/StructureDefinition';
export const ENGLAND_CS = 'https://fhir.nhs.uk/England/CodeSystem';
export const ENGLAND_VS = 'https://fhir.nhs.uk/England/ValueSet';
const STU3_SD = 'https://fhir.nhs.uk/STU3/StructureDefinition';

/** Gen 3 (Patient Flag IG) profiles: what raflag emits. */
export const gen3Profile = {
  patientFlag: `${ENGLAND_SD}/England-Flag-PatientFlag`,
  adjustment: `${ENGLAND_SD}/England-Flag-PatientFlag-Adjustment`,
  condition: `${ENGLAND_SD}/England-Condition-Flag`,
  provenance: `${ENGLAND_SD}/England-Provenance-Flag`,
} as const;

export const gen3Extension = {
  flagNotes: `${ENGLAND_SD}/Extension-England-FlagNotes`,
} as const;

/** Gen 2 (ra-sandbox, 2024) profiles: read, never emitted. */
export const gen2Profile = {
  patientFlag: `${ENGLAND_SD}/PatientFlag`,
  programmeFlag: `${ENGLAND_SD}/ProgrammeFlag`,
  condition: `${ENGLAND_SD}/FlagCondition`,
  consent: `${ENGLAND_SD}/FlagConsent`,
  provenance: `${ENGLAND_SD}/FlagProvenance`,
} as const;

export const gen2Extension = {
  flagNotes: `${ENGLAND_SD}/Extension-FlagNotes`,
  consentCreateSummary: `${ENGLAND_SD}/Extension-ConsentCreateSummary`,
  consentRemoveSummary: `${ENGLAND_SD}/Extension-ConsentRemoveSummary`,
} as const;

/** Gen 1 (retired STU3 RARecord) profiles: recognised and converted, never validated as R4. */
export const stu3Profile = {
  flag: `${STU3_SD}/RARecord-Flag-1`,
  consent: `${STU3_SD}/RARecord-Consent-1`,
  condition: `${STU3_SD}/CareConnect-RARecord-Condition-1`,
  list: `${STU3_SD}/CareConnect-RARecord-List-1`,
  provenance: `${STU3_SD}/RARecord-Provenance-1`,
} as const;

export const stu3Extension = {
  adjustmentCategory: `${STU3_SD}/Extension-RARecord-AdjustmentCategory-1`,
  adjustmentNotes: `${STU3_SD}/Extension-RARecord-AdjustmentNotes-1`,
  bestInterestSummary: `${STU3_SD}/Extension-RARecord-BestInterestSummary-1`,
  proxyRole: `${STU3_SD}/Extension-RARecord-ProxyRole-1`,
  removalReason: `${STU3_SD}/Extension-RARecord-RemovalReason-1`,
  provenance: `${STU3_SD}/Extension-RARecord-Provenance-1`,
} as const;

export const FLAG_DETAIL_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/flag-detail';
export const DATA_OPERATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
export const CONSENT_SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const CONDITION_CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const SDS_JOB_ROLE_SYSTEM = 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1';
export const SDS_PRACTITIONER_BASE = 'https://sds.spineservices.nhs.uk/Practitioner';
export const ODS_ORGANISATION_BASE = 'https://directory.spineservices.nhs.uk/Organization';
