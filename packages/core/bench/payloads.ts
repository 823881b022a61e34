import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bundle, BundleEntry, Consent, Flag, FhirResource, Patient, Provenance, Condition } from 'fhir/r4.js';
import { gen3Profile, raflagUrl, NHS_NUMBER_SYSTEM, SNOMED, FLAG_DETAIL_EXTENSION, DATA_OPERATION_SYSTEM, CONSENT_SCOPE_SYSTEM, CONDITION_CLINICAL_SYSTEM, SDS_JOB_ROLE_SYSTEM, SDS_PRACTITIONER_BASE, ODS_ORGANISATION_BASE, ENGLAND_CS } from '../src/canonical.js';

/**
 * The payloads the benchmark measures. The shared valid fixture is preferred, so the benchmark
 * measures the same Bundle the tests call valid; the Bundle built here is the stand-in until it exists.
 */
const sharedFixture = fileURLToPath(new URL('../src/validate/__fixtures__/valid-ra-bundle.json', import.meta.url));

const PATIENT = 'urn:uuid:7d3c1b0e-0d7a-4c55-9a43-2f1a3c6b9e01';
const uuid = (n: number): string => `urn:uuid:7d3c1b0e-0d7a-4c55-9a43-2f1a3c6b9e${String(n).padStart(2, '0')}`;

const provenance = (recorded: string): Provenance => ({
  resourceType: 'Provenance',
  id: 'provenance',
  meta: { profile: [gen3Profile.provenance] },
  target: [{ reference: '#' }],
  recorded,
  activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'CREATE', display: 'create' }] },
  agent: [
    {
      role: [{ coding: [{ system: SDS_JOB_ROLE_SYSTEM, code: 'R0260', display: 'General Medical Practitioner' }] }],
      who: { reference: `${SDS_PRACTITIONER_BASE}/555555555555` },
      onBehalfOf: { reference: `${ODS_ORGANISATION_BASE}/A83008` },
    },
  ],
});

const raCategory = {
  coding: [{ system: `${ENGLAND_CS}/England-FlagCategoryPatient`, code: 'national-reasonable-adjustment-flag', display: 'National Reasonable Adjustment Flag' }],
};

const adjustment = (category: string, categoryDisplay: string, code: string, display: string): Flag => ({
  resourceType: 'Flag',
  meta: { profile: [gen3Profile.adjustment] },
  contained: [provenance('2025-03-04T10:15:00+00:00')],
  status: 'active',
  category: [raCategory, { coding: [{ system: `${ENGLAND_CS}/England-FlagCategoryRA`, code: category, display: categoryDisplay }] }],
  code: { coding: [{ system: SNOMED, code, display }] },
  subject: { reference: PATIENT },
});

const condition = (code: string, display: string): Condition => ({
  resourceType: 'Condition',
  meta: { profile: [gen3Profile.condition] },
  contained: [provenance('2025-03-04T10:15:00+00:00')],
  clinicalStatus: { coding: [{ system: CONDITION_CLINICAL_SYSTEM, code: 'active' }] },
  category: [raCategory, { coding: [{ system: `${ENGLAND_CS}/England-ConditionCategoryRA`, code: 'issue', display: 'Issue' }] }],
  code: { coding: [{ system: `${ENGLAND_CS}/England-ConditionCodeRA`, code, display }] },
  subject: { reference: PATIENT },
});

const patient: Patient = {
  resourceType: 'Patient',
  identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9000000009' }],
  name: [{ use: 'official', family: 'Example', given: ['Bench'] }],
  gender: 'unknown',
  birthDate: '1980-01-01',
};

const adjustments: Flag[] = [
  adjustment('communication-support', 'Communication support', '441092009', 'Does lip read'),
  adjustment('requires-communication-professional', 'Requires communication professional', '204331000000107', 'British Sign Language interpreter needed'),
  adjustment('adjustments-in-relation-to-the-environment-of-care', 'Adjustments in relation to the environment of care', '246622003', 'Eyes sensitive to light'),
];

const conditions: Condition[] = [condition('hearing', 'Hearing (for example deafness or partial hearing)'), condition('learning', 'Learning or understanding or concentrating')];

const consent: Consent = {
  resourceType: 'Consent',
  meta: { profile: [raflagUrl.consentProfile] },
  contained: [provenance('2025-03-04T10:10:00+00:00')],
  status: 'active',
  scope: { coding: [{ system: CONSENT_SCOPE_SYSTEM, code: 'patient-privacy' }] },
  category: [raCategory],
  patient: { reference: PATIENT },
  policy: [{ authority: 'https://www.gov.uk/', uri: 'https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/535024/data-security-review.pdf' }],
  policyRule: { coding: [{ system: `${ENGLAND_CS}/FlagProxyRole`, code: '001', display: 'Patient consent' }] },
  provision: {
    purpose: [{ system: `${ENGLAND_CS}/RA-ConsentPurpose`, code: 'RACONSENT', display: 'Reasonable Adjustments - Consent to record Reasonable Adjustments' }],
  },
};

const details: [string, Flag | Condition | Consent][] = [
  ...adjustments.map((r, i): [string, Flag] => [uuid(10 + i), r]),
  ...conditions.map((r, i): [string, Condition] => [uuid(20 + i), r]),
  [uuid(30), consent],
];

const patientFlag: Flag = {
  resourceType: 'Flag',
  meta: { profile: [gen3Profile.patientFlag] },
  contained: [provenance('2025-03-04T10:15:00+00:00')],
  extension: details
    .filter(([, r]) => r.resourceType !== 'Consent')
    .map(([fullUrl, r]) => ({ url: FLAG_DETAIL_EXTENSION, valueReference: { reference: fullUrl, type: r.resourceType } })),
  status: 'active',
  code: raCategory,
  subject: { reference: PATIENT },
};

const entry = (fullUrl: string, resource: FhirResource): BundleEntry => ({
  fullUrl,
  resource,
  request: { method: 'POST', url: resource.resourceType },
});

/** Patient, PatientFlag, three adjustments, two conditions and a consent, each with its contained Provenance. */
export const builtBundle: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [entry(PATIENT, patient), entry(uuid(2), patientFlag), ...details.map(([fullUrl, r]) => entry(fullUrl, r))],
};

export interface BenchPayloads {
  readonly bundle: unknown;
  readonly flag: unknown;
  /** Where the Bundle came from, printed with the results. */
  readonly source: string;
}

const isAdjustment = (resource: unknown): boolean => {
  const meta = (resource as { meta?: { profile?: unknown } } | undefined)?.meta;
  return Array.isArray(meta?.profile) && meta.profile.includes(gen3Profile.adjustment);
};

export function loadPayloads(): BenchPayloads {
  if (existsSync(sharedFixture)) {
    const bundle = JSON.parse(readFileSync(sharedFixture, 'utf8')) as { entry?: { resource?: unknown }[] };
    const flag = bundle.entry?.map((e) => e.resource).find(isAdjustment);
    if (flag !== undefined) return { bundle, flag, source: 'src/validate/__fixtures__/valid-ra-bundle.json' };
  }
  return { bundle: builtBundle, flag: adjustments[0], source: 'bench/payloads.ts (built-in stand-in)' };
}
