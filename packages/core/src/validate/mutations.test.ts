import { describe, expect, it } from 'vitest';
import { gen2Extension, raflagUrl } from '../canonical.js';
import { codeSystem } from '../terminology/index.js';
import { summarise, type IssueSummary } from './test-support/issues.js';
import { getAt, removeAt, setAt } from './test-support/json-edit.js';
import { validBundle } from './test-support/valid-bundle.js';
import { validate } from './validate.js';

/*
 * Acceptance: from one valid Gen 3 transaction Bundle (Patient, PatientFlag, three adjustments, an
 * impairment, an underlying condition and an RA-Consent), each single change yields exactly the
 * issue it targets, at exactly the right expression, and nothing else.
 *
 * Entries: 0 Patient, 1 PatientFlag, 2–4 adjustments, 5 impairment, 6 underlying condition, 7 RA-Consent.
 */

type Bundle = Record<string, unknown>;
type Edit = (bundle: Bundle) => void;

const E = (index: number, tail: string): string => `Bundle.entry[${index}].resource.${tail}`;
const error = (id: string, expression: string | undefined): IssueSummary => [id, expression, 'error'];
const warning = (id: string, expression: string): IssueSummary => [id, expression, 'warning'];

const secondPatientFlag: Edit = (b) => {
  const entries = b.entry as unknown[];
  const copy = structuredClone(entries[1]) as Record<string, unknown>;
  copy.fullUrl = 'urn:uuid:4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b199';
  entries.push(copy);
};

const rows: [string, Edit, IssueSummary[]][] = [
  // --- base R4: cardinality, JSON types, primitive formats, required bindings, unknown elements ---
  ['an adjustment without code (Flag.code 1..1)', (b) => removeAt(b, 'entry[2].resource.code'), [error('base.required-missing', E(2, 'code'))]],
  ['an adjustment without subject', (b) => removeAt(b, 'entry[3].resource.subject'), [error('base.required-missing', E(3, 'subject'))]],
  ['an adjustment without status', (b) => removeAt(b, 'entry[4].resource.status'), [error('base.required-missing', E(4, 'status'))]],
  ['a condition without subject', (b) => removeAt(b, 'entry[5].resource.subject'), [error('base.required-missing', E(5, 'subject'))]],
  ['a status that is a number', (b) => setAt(b, 'entry[2].resource.status', 1), [error('base.wrong-json-type', E(2, 'status'))]],
  ['a birth date with month 13', (b) => setAt(b, 'entry[0].resource.birthDate', '1970-13-01'), [error('base.primitive-format', E(0, 'birthDate'))]],
  ['a recorded instant without time', (b) => setAt(b, 'entry[2].resource.contained[0].recorded', '2025-03-04'), [error('base.primitive-format', E(2, 'contained[0].recorded'))]],
  ['a Flag.status outside its required binding', (b) => setAt(b, 'entry[2].resource.status', 'open'), [error('base.required-binding', E(2, 'status'))]],
  ['a Patient.gender outside its required binding', (b) => setAt(b, 'entry[0].resource.gender', 'M'), [error('base.required-binding', E(0, 'gender'))]],
  ['a Consent.status outside its required binding (not also a purpose mismatch)', (b) => setAt(b, 'entry[7].resource.status', 'given'), [error('base.required-binding', E(7, 'status'))]],
  ['an unknown element', (b) => setAt(b, 'entry[2].resource.colour', 'red'), [error('base.unknown-element', E(2, 'colour'))]],
  ['an empty string', (b) => setAt(b, 'entry[2].resource.code.text', ''), [error('base.empty', E(2, 'code.text'))]],
  ['a malformed reference (not also a subject mismatch)', (b) => setAt(b, 'entry[2].resource.subject.reference', 'not a reference'), [error('base.reference-format', E(2, 'subject.reference'))]],
  ['an unknown resourceType at the top', (b) => setAt(b, 'resourceType', 'Bundel'), [error('payload.unknown-resource-type', undefined)]],
  ['an unknown resourceType in an entry', (b) => setAt(b, 'entry[0].resource.resourceType', 'Patients'), [error('payload.unknown-resource-type', 'Bundle.entry[0].resource')]],

  // --- STU3 shapes: one issue, nothing else ---
  ['an STU3-shaped Flag.category (a single object)', (b) => setAt(b, 'entry[2].resource.category', { text: 'x' }), [error('payload.stu3', E(2, 'category'))]],
  [
    'an STU3-shaped Provenance agent (whoReference)',
    (b) => {
      const agent = getAt(b, 'entry[3].resource.contained[0].agent[0]') as Record<string, unknown>;
      agent.whoReference = agent.who;
      delete agent.who;
    },
    [error('payload.stu3', E(3, 'contained[0].agent[0].whoReference'))],
  ],

  // --- profiles and terminology ---
  ['an RA category code outside its value set', (b) => setAt(b, 'entry[2].resource.category[1].coding[0].code', 'large-print'), [error('profile.code-not-in-valueset', E(2, 'category[1].coding[0].code'))]],
  ['a Gen 2 category system in a Gen 3 adjustment', (b) => setAt(b, 'entry[3].resource.category[1].coding[0]', { system: codeSystem.raFlagCategory, code: '004' }), [error('profile.code-wrong-system', E(3, 'category[1].coding[0].system'))]],
  ['an adjustment without its adjustment category', (b) => removeAt(b, 'entry[4].resource.category[1]'), [error('profile.category-missing', E(4, 'category'))]],
  ['an adjustment code from another category', (b) => setAt(b, 'entry[2].resource.code.coding[0]', { system: 'http://snomed.info/sct', code: '796161000000101', display: 'Requires information in Easyread' }), [error('profile.code-not-for-category', E(2, 'code.coding[0].code'))]],
  [
    'a bespoke adjustment without text',
    (b) => {
      setAt(b, 'entry[4].resource.category[1].coding[0]', { system: codeSystem.flagCategoryRA, code: 'bespoke-reasonable-adjustments' });
      setAt(b, 'entry[4].resource.code.coding[0]', { system: 'http://snomed.info/sct', code: '1108111000000107' });
    },
    [error('profile.bespoke-text-required', E(4, 'code.text'))],
  ],
  ['an impairment without code (1..1 in England-Condition-Flag)', (b) => removeAt(b, 'entry[5].resource.code'), [error('profile.element-missing', E(5, 'code'))]],
  ['an impairment of "other" that does not say what', (b) => setAt(b, 'entry[5].resource.code.coding[0]', { system: codeSystem.conditionCodeRA, code: 'other' }), [error('profile.other-impairment-text', E(5, 'code.text'))]],
  ['a PatientFlag coded with the Gen 2 NRAF', (b) => setAt(b, 'entry[1].resource.code.coding[0]', { system: codeSystem.patientFlagCategory, code: 'NRAF' }), [error('profile.code-wrong-system', E(1, 'code.coding[0].system'))]],
  ['https://snomed.info/sct', (b) => setAt(b, 'entry[3].resource.code.coding[0].system', 'https://snomed.info/sct'), [warning('terminology.snomed-https', E(3, 'code.coding[0].system'))]],
  ['a display unlike the code system\'s', (b) => setAt(b, 'entry[2].resource.category[0].coding[0].display', 'National Reasonable Adjustments Flag'), [warning('profile.display-mismatch', E(2, 'category[0].coding[0].display'))]],
  ['the Gen 2 notes extension url', (b) => setAt(b, 'entry[2].resource.extension[0].url', gen2Extension.flagNotes), [warning('profile.extension-url-old', E(2, 'extension[0].url'))]],
  ['a Provenance whose agent is an Organization', (b) => setAt(b, 'entry[2].resource.contained[0].agent[0].who', { reference: 'https://directory.spineservices.nhs.uk/Organization/B82005' }), [error('profile.reference-target', E(2, 'contained[0].agent[0].who'))]],
  ['an unknown claimed profile', (b) => setAt(b, 'entry[0].resource.meta', { profile: ['https://example.org/StructureDefinition/MyPatient'] }), [warning('profile.unknown', E(0, 'meta.profile[0]'))]],
  [
    'a best-interest consent without summary',
    (b) => setAt(b, 'entry[7].resource.policyRule.coding[0]', { system: codeSystem.flagProxyRole, code: '002' }),
    [error('profile.best-interest-summary-required', E(7, `extension('${raflagUrl.consentCreateSummary}')`))],
  ],
  [
    'a withdrawn consent left active',
    (b) => setAt(b, 'entry[7].resource.provision.purpose[0]', { system: codeSystem.raConsentPurpose, code: 'RAREVOKED' }),
    [error('profile.consent-status-purpose', E(7, 'status'))],
  ],
  ['a sharing partner not named by ODS code', (b) => setAt(b, 'entry[7].resource.provision.provision[0].actor[0].reference', { reference: 'Organization/1' }), [error('profile.sharing-partner', E(7, 'provision.provision[0].actor[0].reference'))]],

  // --- business rules ---
  ['an NHS number with a bad check digit', (b) => setAt(b, 'entry[0].resource.identifier[0].value', '9912003880'), [error('business.nhs-number-check-digit', E(0, 'identifier[0].value'))]],
  ['an NHS number of nine digits', (b) => setAt(b, 'entry[0].resource.identifier[0].value', '991200388'), [error('business.nhs-number-format', E(0, 'identifier[0].value'))]],
  ['two PatientFlags for the patient', secondPatientFlag, [error('business.patient-flag-duplicate', 'Bundle.entry[8].resource')]],
  ['a detail about another patient', (b) => setAt(b, 'entry[3].resource.subject', { reference: 'Patient/someone-else' }), [error('business.subject-mismatch', E(3, 'subject'))]],
  ['a PatientFlag about another patient than all its details', (b) => setAt(b, 'entry[1].resource.subject', { reference: 'Patient/someone-else' }), [error('business.subject-mismatch', E(1, 'subject'))]],
  ['an adjustment without contained Provenance', (b) => removeAt(b, 'entry[4].resource.contained'), [error('business.provenance-missing', E(4, 'contained'))]],
  ['a consent without contained Provenance', (b) => removeAt(b, 'entry[7].resource.contained'), [error('business.provenance-missing', E(7, 'contained'))]],
  ['a Provenance that targets itself, not its container', (b) => setAt(b, 'entry[6].resource.contained[0].target[0].reference', '#prov-c2'), [error('business.provenance-target', E(6, 'contained[0].target[0].reference'))]],
  [
    'a Provenance that targets its container by URL: R4 dom-3 fails too, since nothing then ties the Provenance to it',
    (b) => setAt(b, 'entry[2].resource.contained[0].target[0].reference', 'urn:uuid:2b7f0c2e-5d1a-4c3b-8e6f-1a2b3c4d5e01'),
    [error('contained.unreferenced', E(2, 'contained[0]')), error('business.provenance-target', E(2, 'contained[0].target[0].reference'))],
  ],
  ['a flag-detail to a resource not in the Bundle', (b) => setAt(b, 'entry[1].resource.extension[5].valueReference.reference', 'Consent/RA-Consent-Example'), [warning('business.flag-detail-unresolved', E(1, 'extension[5].value.ofType(Reference).reference'))]],
];

describe('single changes to a valid RA Bundle', () => {
  it('starts from a Bundle that validates with no issues at all', () => {
    const outcome = validate(validBundle());
    expect(summarise(outcome)).toEqual([]);
    expect(outcome.issue).toEqual([expect.objectContaining({ severity: 'information', code: 'informational' })]);
  });

  it('has enough rows to cover the rules', () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
  });

  it.each(rows)('%s', (_name, edit, expected) => {
    const bundle = validBundle();
    edit(bundle);
    expect(summarise(validate(bundle))).toEqual(expected);
  });
});
