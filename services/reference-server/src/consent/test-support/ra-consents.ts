/** Builders shared by the consent tests: real RA-Consent resources from @raflag/core. */
import { consentToFhir, SDS_JOB_ROLE_SYSTEM, type ConsentBasis, type ConsentState as CoreConsentState, type RaConsent } from '@raflag/core';
import type { Consent } from 'fhir/r4.js';

export const recorded: RaConsent['recorded'] = {
  practitioner: { sdsId: '123456789012' },
  organisation: { odsCode: 'A1B2C', name: 'Practice' },
  role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R0260' },
  when: '2026-01-01T10:00:00+00:00',
};

export interface ConsentSpec {
  readonly state: CoreConsentState;
  readonly permit?: readonly string[];
  readonly deny?: readonly string[];
  readonly basis?: ConsentBasis;
  readonly id?: string;
}

export function raConsent(spec: ConsentSpec): Consent {
  const basis = spec.basis ?? 'patient';
  return consentToFhir(
    {
      basis,
      state: spec.state,
      bestInterestSummary: basis === 'best-interest' ? 'Decided at a best-interest meeting' : undefined,
      recorded,
      sharing: {
        permit: (spec.permit ?? []).map((odsCode) => ({ odsCode })),
        deny: (spec.deny ?? []).map((odsCode) => ({ odsCode })),
      },
      id: spec.id,
    },
    { reference: 'Patient/p1' },
  );
}
