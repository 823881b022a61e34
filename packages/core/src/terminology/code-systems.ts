/**
 * URLs of the national code systems and value sets raflag reads or emits, named once so that no
 * other file spells a terminology URL. Three generations share near-identical names (domain.md §7
 * items 1 and 2), so every key says which generation it belongs to:
 * - Gen 3, Patient Flag IG (what raflag emits): `England-*` URLs; code-system keys are unprefixed
 *   (`flagCategoryRA`), value-set keys are the ValueSet id in camelCase (`englandFlagCodeRA`).
 * - Gen 2, ra-sandbox 2024 (read, never emitted): code-system keys as named in the brief
 *   (`raFlagCategory`), value-set keys are the id in camelCase (`raFlagCode`, `flagConditionCode`).
 * - Gen 1, STU3 RARecord (recognised and converted): keys start with `stu3` (or `careConnect`).
 */
import { ENGLAND_CS, ENGLAND_VS, SDS_JOB_ROLE_SYSTEM, SNOMED } from '../canonical.js';

const STU3_CS = 'https://fhir.nhs.uk/STU3/CodeSystem';
const STU3_VS = 'https://fhir.nhs.uk/STU3/ValueSet';
const CARECONNECT_CS = 'https://fhir.hl7.org.uk/STU3/CodeSystem';
const CARECONNECT_VS = 'https://fhir.hl7.org.uk/STU3/ValueSet';
const HL7_CS = 'http://terminology.hl7.org/CodeSystem';

export const codeSystem = {
  snomed: SNOMED,

  // --- Gen 3: Patient Flag IG (England-*) ------------------------------------------------------
  /** The flag type: `national-reasonable-adjustment-flag`, FGM, CP-IS (PatientFlag.code, detail category). */
  flagCategoryPatient: `${ENGLAND_CS}/England-FlagCategoryPatient`,
  /** The 11 adjustment category slugs (`communication-support` …). */
  flagCategoryRA: `${ENGLAND_CS}/England-FlagCategoryRA`,
  /** problem-list-item | encounter-diagnosis | presenting-complaint | co-morbidity | issue. */
  conditionCategoryRA: `${ENGLAND_CS}/England-ConditionCategoryRA`,
  /** The impairment slugs (`vision` … `patient-would-prefer-not-to-say`). */
  conditionCodeRA: `${ENGLAND_CS}/England-ConditionCodeRA`,
  flagCategoryFGM: `${ENGLAND_CS}/England-FlagCategoryFGM`,
  conditionCategoryFGM: `${ENGLAND_CS}/England-ConditionCategoryFGM`,
  conditionCodeFGM: `${ENGLAND_CS}/England-ConditionCodeFGM`,
  fgmRemovalReason: `${ENGLAND_CS}/England-FGMRemovalReason`,
  /** SDS job roles as the Gen 3 provenance-role value set names them (examples still use the CareConnect URL). */
  sdsJobRoleName: `${ENGLAND_CS}/England-SDSJobRoleName`,

  // --- Gen 2: ra-sandbox (2024) ----------------------------------------------------------------
  /** NRAF | CP-IS | FGM. */
  patientFlagCategory: `${ENGLAND_CS}/PatientFlagCategory`,
  /** Adjustment categories 001–011 since March 2024; held only NRAF in February 2024 (domain.md §7 item 2). */
  raFlagCategory: `${ENGLAND_CS}/RA-FlagCategory`,
  /** February 2024 name of the 001–011 adjustment categories, before the rename to RA-FlagCategory. */
  raAdjustmentCategory: `${ENGLAND_CS}/RA-AdjustmentCategory`,
  raConditionCategory: `${ENGLAND_CS}/RA-ConditionCategory`,
  /** Impairments 1–10 and 12 (there is no 11). */
  raConditionCode: `${ENGLAND_CS}/RA-ConditionCode`,
  /** RACONSENT | RADISSENT | RAREVOKED. */
  raConsentPurpose: `${ENGLAND_CS}/RA-ConsentPurpose`,
  /** Who consented, 001–004. */
  flagProxyRole: `${ENGLAND_CS}/FlagProxyRole`,
  /** February 2024 name of FlagProxyRole. */
  raProxyRole: `${ENGLAND_CS}/RA-ProxyRole`,
  cpisFlagCategory: `${ENGLAND_CS}/CPIS-FlagCategory`,
  fgmFlagCategory: `${ENGLAND_CS}/FGM-FlagCategory`,
  cpisConditionCategory: `${ENGLAND_CS}/CPIS-ConditionCategory`,
  fgmConditionCategory: `${ENGLAND_CS}/FGM-ConditionCategory`,
  cpisConditionCode: `${ENGLAND_CS}/CPIS-ConditionCode`,
  fgmConditionCode: `${ENGLAND_CS}/FGM-ConditionCode`,
  cpisConsentPurpose: `${ENGLAND_CS}/CPIS-ConsentPurpose`,
  fgmConsentPurpose: `${ENGLAND_CS}/FGM-ConsentPurpose`,

  // --- Gen 1: STU3 RARecord ----------------------------------------------------------------------
  /** NRAF. */
  stu3FlagCategory: `${STU3_CS}/RARecord-FlagCategory-1`,
  /** `001`–`011` (v3.0.0, 2023); `1`–`11` in v2.0.0 (2022). */
  stu3AdjustmentCategory: `${STU3_CS}/RARecord-AdjustmentCategory-1`,
  stu3ConditionCode: `${STU3_CS}/RARecord-ConditionCode-1`,
  stu3ConsentPurpose: `${STU3_CS}/RARecord-ConsentPurpose-1`,
  stu3ProxyRole: `${STU3_CS}/RARecord-ProxyRole-1`,
  /** Retired, but still what the API's `$removerarecord` examples send. */
  stu3RemovalReason: `${STU3_CS}/RARecord-RemovalReason-1`,
  stu3RemovalReasonEntireRecord: `${STU3_CS}/RARecord-RemovalReasonEntireRecord-1`,
  stu3RemovalReasonIndividualAdjustment: `${STU3_CS}/RARecord-RemovalReasonIndividualAdjustment-1`,
  stu3RemovalReasonIndividualImpairment: `${STU3_CS}/RARecord-RemovalReasonIndividualImpairment-1`,
  stu3RemovalReasonUnderlyingCondition: `${STU3_CS}/RARecord-RemovalReasonUnderlyingCondition-1`,
  /** Legacy local adjustment codes (007_001 …), replaced by SNOMED CT in 2023. */
  stu3AdditionalSupport: `${STU3_CS}/RARecord-AdditionalSupport-1`,
  stu3IndividualCareRequirement: `${STU3_CS}/RARecord-IndividualCareRequirement-1`,
  stu3EnvironmentAdjustment: `${STU3_CS}/RARecord-EnvironmentAdjustment-1`,
  /** The RA Condition profile fixes `issue`. */
  careConnectConditionCategory: `${CARECONNECT_CS}/CareConnect-ConditionCategory-1`,
  /** SDS job roles (R0260 …) as every national example writes them. */
  careConnectSdsJobRoleName: SDS_JOB_ROLE_SYSTEM,

  // --- Spine error codes -------------------------------------------------------------------------
  /** What APIM emits in OperationOutcome.issue.details (with version "1"). */
  spineErrorOrWarningCode: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode',
  stu3SpineErrorOrWarningCode: `${STU3_CS}/Spine-ErrorOrWarningCode-1`,

  // --- HL7 code systems in the provenance-role value set -----------------------------------------
  v3RoleCode: `${HL7_CS}/v3-RoleCode`,
  v3RoleClass: `${HL7_CS}/v3-RoleClass`,
  v3ParticipationFunction: `${HL7_CS}/v3-ParticipationFunction`,
  v3ParticipationType: `${HL7_CS}/v3-ParticipationType`,
  contractSignerTypeCodes: `${HL7_CS}/contractsignertypecodes`,
  extraSecurityRoleType: `${HL7_CS}/extra-security-role-type`,
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
} as const;

export const valueSet = {
  // --- Gen 3: Patient Flag IG ------------------------------------------------------------------
  englandFlagCategoryPatient: `${ENGLAND_VS}/England-FlagCategoryPatient`,
  /** The national compose misspells `communitiy-language-support`; raflag's membership uses the CS code. */
  englandFlagCategoryProgramme: `${ENGLAND_VS}/England-FlagCategoryProgramme`,
  englandFlagCodeRA: `${ENGLAND_VS}/England-FlagCodeRA`,
  englandFlagCodeFGM: `${ENGLAND_VS}/England-FlagCodeFGM`,
  /** The national compose names ValueSets as systems; raflag ships the expansion instead. */
  englandFlagCodeProgramme: `${ENGLAND_VS}/England-FlagCodeProgramme`,
  englandFlagConditionCategory: `${ENGLAND_VS}/England-FlagConditionCategory`,
  englandFlagConditionCode: `${ENGLAND_VS}/England-FlagConditionCode`,
  englandFlagProvenanceRole: `${ENGLAND_VS}/England-FlagProvenanceRole`,
  englandFlagRemovalReason: `${ENGLAND_VS}/England-FlagRemovalReason`,

  // --- Gen 2: ra-sandbox ---------------------------------------------------------------------------
  patientFlagCategory: `${ENGLAND_VS}/PatientFlagCategory`,
  programmeFlagCategory: `${ENGLAND_VS}/ProgrammeFlagCategory`,
  raFlagCode: `${ENGLAND_VS}/RA-FlagCode`,
  cpisFlagCode: `${ENGLAND_VS}/CPIS-FlagCode`,
  fgmFlagCode: `${ENGLAND_VS}/FGM-FlagCode`,
  /** The national compose names ValueSets as systems; raflag ships the expansion instead. */
  programmeFlagCode: `${ENGLAND_VS}/ProgrammeFlagCode`,
  flagConditionCategory: `${ENGLAND_VS}/FlagConditionCategory`,
  flagConditionCode: `${ENGLAND_VS}/FlagConditionCode`,
  /** The national VS lacks RADISSENT and RAREVOKED; raflag's membership includes them. */
  flagConsentPurpose: `${ENGLAND_VS}/FlagConsentPurpose`,
  flagProxyRole: `${ENGLAND_VS}/FlagProxyRole`,
  flagProvenanceRole: `${ENGLAND_VS}/FlagProvenanceRole`,

  // --- Gen 1: STU3 RARecord ----------------------------------------------------------------------
  stu3FlagCategory: `${STU3_VS}/RARecord-FlagCategory-1`,
  stu3AdjustmentCategory: `${STU3_VS}/RARecord-AdjustmentCategory-1`,
  /** Union of the 11 per-category value sets: 348 rows. */
  stu3FlagCode: `${STU3_VS}/RARecord-FlagCode-1`,
  stu3ConditionCode: `${STU3_VS}/RARecord-ConditionCode-1`,
  stu3ConsentPurpose: `${STU3_VS}/RARecord-ConsentPurpose-1`,
  stu3ProxyRole: `${STU3_VS}/RARecord-ProxyRole-1`,
  /** The four object-specific removal-reason code systems (not the retired RARecord-RemovalReason-1 CS). */
  stu3RemovalReason: `${STU3_VS}/RARecord-RemovalReason-1`,
  stu3ProvenanceRole: `${STU3_VS}/RARecord-ProvenanceRole-1`,
  /** Spine examples put this ValueSet URL in `coding.system` (domain.md §7 item 15). */
  stu3SpineErrorOrWarningCode: `${STU3_VS}/Spine-ErrorOrWarningCode-1`,
  careConnectConditionCategory: `${CARECONNECT_VS}/CareConnect-ConditionCategory-1`,
  /** List.code: SNOMED CT 887161000000102 Diagnoses, 1094391000000102 Reasonable adjustments. */
  careConnectListCode: `${STU3_VS}/CareConnect-ListCode-1`,
} as const;

export type CodeSystemKey = keyof typeof codeSystem;
export type ValueSetKey = keyof typeof valueSet;
