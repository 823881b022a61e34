import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueId } from '../../outcome/issue.js';

/** Small, valid STU3 RARecord resources for reader tests; each call returns a fresh object. */

export const NHS_NUMBER = '5900026175';
export const PATIENT_URL = `https://demographics.spineservices.nhs.uk/STU3/Patient/${NHS_NUMBER}`;
export const SDS_ROLE_SYSTEM = 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1';
const STU3 = 'https://fhir.nhs.uk/STU3';
export const EXT = {
  category: `${STU3}/StructureDefinition/Extension-RARecord-AdjustmentCategory-1`,
  notes: `${STU3}/StructureDefinition/Extension-RARecord-AdjustmentNotes-1`,
  proxyRole: `${STU3}/StructureDefinition/Extension-RARecord-ProxyRole-1`,
  bestInterest: `${STU3}/StructureDefinition/Extension-RARecord-BestInterestSummary-1`,
  removalReason: `${STU3}/StructureDefinition/Extension-RARecord-RemovalReason-1`,
  provenance: `${STU3}/StructureDefinition/Extension-RARecord-Provenance-1`,
} as const;
export const CS = {
  category: `${STU3}/CodeSystem/RARecord-AdjustmentCategory-1`,
  flagCategory: `${STU3}/CodeSystem/RARecord-FlagCategory-1`,
  proxyRole: `${STU3}/CodeSystem/RARecord-ProxyRole-1`,
  purpose: `${STU3}/CodeSystem/RARecord-ConsentPurpose-1`,
  conditionCode: `${STU3}/CodeSystem/RARecord-ConditionCode-1`,
  removalReason: `${STU3}/CodeSystem/RARecord-RemovalReason-1`,
} as const;

type Json = Record<string, unknown>;

/** `[message id, severity, expression]` of each issue, the shape tests state results in. */
export function issueSummary(issues: readonly OperationOutcomeIssue[]): [string | undefined, string, string | undefined][] {
  return issues.map((i) => [issueId(i), i.severity, i.expression?.[0]]);
}

/** The `recorded` that `provenance()` reads as. */
export const RECORDED = {
  practitioner: { sdsId: '2ee4tr6a9', name: 'Dr.D' },
  organisation: { odsCode: 'a3e5i7', name: 'Some GP Clinic' },
  role: { system: SDS_ROLE_SYSTEM, code: 'R0260' },
  when: '2016-03-01T10:05:33+00:00',
} as const;

export function provenance(overrides: Json = {}): Json {
  return {
    resourceType: 'Provenance',
    id: 'prov-1',
    target: [{ reference: '#' }],
    recorded: RECORDED.when,
    activity: { system: 'http://hl7.org/fhir/v3/DataOperation', code: 'CREATE', display: 'create' },
    agent: [
      {
        role: [{ coding: [{ system: SDS_ROLE_SYSTEM, code: 'R0260', display: 'General Medical Practitioner' }] }],
        whoReference: { reference: 'https://sds.spineservices.nhs.uk/STU3/Practitioner/2ee4tr6a9', display: 'Dr.D' },
        onBehalfOfReference: { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/a3e5i7', display: 'Some GP Clinic' },
      },
    ],
    ...overrides,
  };
}

export const nraf = () => ({ coding: [{ system: CS.flagCategory, code: 'NRAF', display: 'National Reasonable Adjustments Flag' }] });

export function categoryExtension(code: string): Json {
  return { url: EXT.category, valueCodeableConcept: { coding: [{ system: CS.category, code }] } };
}

/** An active adjustment: category 001 Communication support, SNOMED 441092009 (Does lip read). */
export function flag(overrides: Json = {}): Json {
  return {
    resourceType: 'Flag',
    contained: [provenance()],
    extension: [categoryExtension('001')],
    status: 'active',
    category: nraf(),
    code: { coding: [{ system: 'http://snomed.info/sct', code: '441092009', display: 'Does lip read' }] },
    subject: { reference: PATIENT_URL },
    ...overrides,
  };
}

export function proxyRoleExtension(code: string, system: string = CS.proxyRole): Json {
  return { url: EXT.proxyRole, valueCodeableConcept: { coding: [{ system, code }] } };
}

/** An active consent given by the patient (ProxyRole 001). */
export function consent(overrides: Json = {}): Json {
  return {
    resourceType: 'Consent',
    contained: [provenance()],
    extension: [proxyRoleExtension('001')],
    status: 'active',
    category: [nraf()],
    patient: { reference: PATIENT_URL },
    policy: [{ authority: 'https://www.gov.uk/', uri: 'https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/535024/data-security-review.pdf' }],
    purpose: [{ system: CS.purpose, code: 'RACONSENT' }],
    ...overrides,
  };
}

export function removalReasonExtension(code: string, comment: string | undefined): Json {
  return {
    url: EXT.removalReason,
    extension: [
      { url: 'removalReason', valueCodeableConcept: { coding: [{ system: CS.removalReason, code }] } },
      ...(comment === undefined ? [] : [{ url: 'supportingComment', valueString: comment }]),
    ],
  };
}

/** An impairment Condition (code 5, learning) as it sits in a List: no contained Provenance of its own. */
export function condition(overrides: Json = {}): Json {
  return {
    resourceType: 'Condition',
    id: 'cond-1',
    clinicalStatus: 'active',
    category: [{ coding: [{ system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ConditionCategory-1', code: 'issue' }] }],
    code: { coding: [{ system: CS.conditionCode, code: '5' }] },
    subject: { reference: PATIENT_URL },
    ...overrides,
  };
}

export function list(contained: Json[], entries: Json[], overrides: Json = {}): Json {
  return {
    resourceType: 'List',
    contained,
    status: 'current',
    mode: 'changes',
    title: 'Reasonable Adjustment List',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '1094391000000102' }] },
    subject: { reference: PATIENT_URL },
    entry: entries,
    ...overrides,
  };
}
