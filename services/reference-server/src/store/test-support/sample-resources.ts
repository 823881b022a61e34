import type { Condition, Consent, Flag, Patient } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION, NHS_NUMBER_SYSTEM, SNOMED } from '@raflag/core';

export const FLAG_CODE_SYSTEM = 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCode';
export const CATEGORY_SYSTEM = 'https://fhir.nhs.uk/England/CodeSystem/England-AdjustmentCategory';

export function patient(nhsNumber: string): Patient {
  return { resourceType: 'Patient', identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }], name: [{ family: 'Example' }] };
}

export interface FlagShape {
  readonly patientId: string;
  readonly code?: { system?: string; code: string };
  readonly categories?: readonly { system?: string; code: string }[];
  readonly status?: Flag['status'];
  readonly details?: readonly string[];
}

export function flag(shape: FlagShape): Flag {
  const code = shape.code ?? { system: FLAG_CODE_SYSTEM, code: 'national-reasonable-adjustment-flag' };
  return {
    resourceType: 'Flag',
    status: shape.status ?? 'active',
    code: { coding: [code] },
    ...(shape.categories === undefined ? {} : { category: shape.categories.map((coding) => ({ coding: [coding] })) }),
    subject: { reference: `Patient/${shape.patientId}` },
    ...(shape.details === undefined
      ? {}
      : { extension: shape.details.map((reference) => ({ url: FLAG_DETAIL_EXTENSION, valueReference: { reference } })) }),
  };
}

export function condition(patientId: string, snomed: string, clinicalStatus = 'active'): Condition {
  return {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinicalStatus }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { coding: [{ system: SNOMED, code: snomed }] },
    subject: { reference: `Patient/${patientId}` },
  };
}

export function consent(patientId: string, status: Consent['status'], purpose: string): Consent {
  return {
    resourceType: 'Consent',
    status,
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patientId}` },
    provision: { purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: purpose }] },
  };
}
