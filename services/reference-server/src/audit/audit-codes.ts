import type { Coding } from 'fhir/r4.js';
import { ENGLAND_CS, RAFLAG_BASE } from '@raflag/core';

/**
 * The code systems and codings IHE BALP (Basic Audit Log Patterns) asks for, in one place so the
 * builders, the search index and the access report agree on them.
 */
export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
export const AUDIT_OUTCOME = 'http://terminology.hl7.org/CodeSystem/audit-event-outcome';
export const AUDIT_ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
export const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const ROLE_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-RoleClass';
export const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const SECURITY_ROLE_TYPE = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';
export const SECURITY_SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
export const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';
const BALP = 'https://profiles.ihe.net/ITI/BALP/CodeSystem';
export const BALP_ENTITY_TYPE = `${BALP}/BasicAuditEntityType`;
export const BALP_AUTHZ_SUBTYPE = `${BALP}/AuthZsubType`;
export const BALP_USER_AGENT_TYPE = `${BALP}/UserAgentTypes`;

/** Our own interactions (PatientFlag) have no FHIR code; this system keeps their exact name beside the nearest standard one. */
export const RAFLAG_INTERACTION = `${RAFLAG_BASE}/CodeSystem/interaction`;
/** Registered client ids are ours to issue, so their identifier system is ours too. */
export const RAFLAG_CLIENT_ID = `${RAFLAG_BASE}/Id/client-id`;
/** NHS national RBAC activity codes as the token carried them. */
export const NRBAC_ACTIVITY = `${RAFLAG_BASE}/CodeSystem/nrbac-activity`;
/** Why a read was permitted or refused without a Consent resource (sharing-agreement mode). */
export const RAFLAG_CONSENT_POLICY = `${RAFLAG_BASE}/CodeSystem/consent-policy`;
export const SDS_JOB_ROLE = `${ENGLAND_CS}/England-SDSJobRoleName`;
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const JTI_PREFIX = 'urn:ietf:params:oauth:jti:';

const coding = (system: string, code: string, display: string): Coding => ({ system, code, display });

export const codes = {
  rest: coding(AUDIT_EVENT_TYPE, 'rest', 'Restful Operation'),
  securityAlert: coding(DCM, '110113', 'Security Alert'),
  emergencyOverrideStarted: coding(DCM, '110127', 'Emergency Override Started'),
  emergencyOverrideStopped: coding(DCM, '110138', 'Emergency Override Stopped'),
  authzConsent: coding(BALP_AUTHZ_SUBTYPE, 'AuthZ-Consent', 'Authorization Decision using Roles and Consent'),
  application: coding(DCM, '110150', 'Application'),
  sourceRole: coding(DCM, '110153', 'Source Role ID'),
  destinationRole: coding(DCM, '110152', 'Destination Role ID'),
  informationRecipient: coding(PARTICIPATION_TYPE, 'IRCP', 'information recipient'),
  author: coding(PARTICIPATION_TYPE, 'AUT', 'author (originator)'),
  provider: coding(ROLE_CLASS, 'PROV', 'healthcare provider'),
  authServer: coding(SECURITY_ROLE_TYPE, 'authserver', 'authorization server'),
  applicationServer: coding(SECURITY_SOURCE_TYPE, '4', 'Application Server'),
  person: coding(AUDIT_ENTITY_TYPE, '1', 'Person'),
  systemObject: coding(AUDIT_ENTITY_TYPE, '2', 'System Object'),
  patientRole: coding(OBJECT_ROLE, '1', 'Patient'),
  domainResource: coding(OBJECT_ROLE, '4', 'Domain Resource'),
  queryRole: coding(OBJECT_ROLE, '24', 'Query'),
  xRequestId: coding(BALP_ENTITY_TYPE, 'XrequestId', 'transport specific unique identifier where http X-Request-Id is used'),
  consentEntity: coding(RESOURCE_TYPES, 'Consent', 'Consent'),
  oauthToken: coding(BALP_USER_AGENT_TYPE, 'UserOauthAgent', 'User OAuth Agent participant'),
} as const;

export const purposeOfUseCoding = (purpose: 'TREAT' | 'ETREAT'): Coding =>
  purpose === 'ETREAT'
    ? coding(ACT_REASON, 'ETREAT', 'Emergency Treatment')
    : coding(ACT_REASON, 'TREAT', 'treatment');

/** `AuditEvent.outcome`: 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
export type AuditOutcome = '0' | '4' | '8' | '12';
