import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarise, type IssueSummary } from './test-support/issues.js';
import { validateText } from './validate-text.js';
import { validate } from './validate.js';

/*
 * Acceptance: every national payload has its exact outcome through validate(), as the fixtures
 * README describes its defects. Issues are compared as [message id, expression, severity].
 */

const root = fileURLToPath(new URL('../__fixtures__/national/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(root, path)];
  });
}

const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const sorted = (issues: readonly IssueSummary[]): IssueSummary[] =>
  [...issues].sort((a, b) => `${a[1] ?? ''} ${a[0]}`.localeCompare(`${b[1] ?? ''} ${b[0]}`));

const stu3 = (expression: string): IssueSummary[] => [['payload.stu3', expression, 'error']];

/** The JSON payloads and what validate() says of each. */
const json: Record<string, { readonly issues: IssueSummary[]; readonly why: string }> = {
  '01-flag-stu3-RARecord-Flag-1-example-1.json': {
    issues: stu3('Flag.meta.profile[0]'),
    why: 'STU3 RARecord-Flag-1 (its https SNOMED system and missing subject are not reported: STU3 is never validated as R4)',
  },
  '02-consent-stu3-RARecord-Consent-1-example-1-lpa.json': {
    issues: stu3('Consent.meta.profile[0]'),
    why: 'STU3 RARecord-Consent-1 (no patient, fhir_comments: not reported as R4 defects)',
  },
  '03-list-condition-stu3-api-createList.json': { issues: stu3('List.meta.profile[0]'), why: 'STU3 RA List' },
  '04-parameters-stu3-api-removerarecord.json': {
    issues: stu3('Parameters.parameter[0].name'),
    why: 'STU3 $removerarecord Parameters (no meta.profile: the removeRARecord parameter gives it away)',
  },
  '05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json': {
    issues: [
      // "National Reasonable Adjustments Flag" against the code system's "… Adjustment Flag", three times.
      ['profile.display-mismatch', 'Bundle.entry[1].resource.category[0].coding[0].display', 'warning'],
      ['profile.display-mismatch', 'Bundle.entry[2].resource.code.coding[0].display', 'warning'],
      ['profile.display-mismatch', 'Bundle.entry[3].resource.category[0].coding[0].display', 'warning'],
      // The Gen 2 Extension-FlagNotes url on the PatientFlag and on the adjustment.
      ['profile.extension-url-old', 'Bundle.entry[2].resource.extension[0].url', 'warning'],
      ['profile.extension-url-old', 'Bundle.entry[3].resource.extension[0].url', 'warning'],
      // flag-detail to Consent/RA-Consent-Example, which the Bundle does not hold.
      ['business.flag-detail-unresolved', 'Bundle.entry[2].resource.extension[2].value.ofType(Reference).reference', 'warning'],
      ['terminology.snomed-https', 'Bundle.entry[3].resource.code.coding[0].system', 'warning'],
    ],
    why: 'Gen 3 transaction Bundle: valid as R4, with the four defects the README lists, all warnings',
  },
  '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json': {
    issues: [['terminology.snomed-https', 'Bundle.entry[4].resource.code.coding[0].system', 'warning']],
    why: 'Gen 2 transaction Bundle: valid, but for the $sct = https://snomed.info/sct alias',
  },
  'extra/api-createConsent.json': { issues: stu3('Consent.meta.profile[0]'), why: 'STU3 API request body' },
  'extra/api-createConsentResponse.json': { issues: stu3('Consent.meta.profile[0]'), why: 'STU3 API response' },
  'extra/api-createFlag.json': { issues: stu3('Flag.meta.profile[0]'), why: 'STU3 API request body' },
  'extra/api-readConsentResponse.json': {
    issues: stu3('Bundle.entry[0].resource.meta.profile[0]'),
    why: 'an STU3 searchset: the Bundle itself says nothing, its Consent entry does',
  },
  'extra/api-removerarecordResponse.json': {
    issues: stu3('OperationOutcome.meta.profile'),
    why: 'STU3 Spine OperationOutcome, with meta.profile a single string',
  },
  'extra/api-updateFlag.json': { issues: stu3('Flag.meta.profile[0]'), why: 'STU3 API request body' },
  'extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json': {
    issues: stu3('Condition.meta.profile[0]'),
    why: 'STU3 impairment Condition',
  },
  'extra/consent-stu3-RARecord-Consent-1-example-2-patient.json': {
    issues: stu3('Consent.meta.profile[0]'),
    why: 'STU3 Consent',
  },
  'extra/operationoutcome-stu3-ReadFail-NO_RECORD_FOUND.json': {
    issues: stu3('OperationOutcome.meta.profile[0]'),
    why: 'STU3 Spine OperationOutcome',
  },
  'extra/r4-ra-sandbox-RAConditionExample2.json': { issues: [], why: 'a valid Gen 2 FlagCondition' },
  'extra/r4-ra-sandbox-RAConsentExampleDissent.json': {
    issues: [['profile.consent-status-purpose', 'Consent.status', 'warning']],
    why: 'Gen 2 dissent that keeps status active (domain.md §7 item 22): read, so only a warning',
  },
  'extra/r4-ra-sandbox-RAConsentExampleRevoked.json': {
    issues: [['profile.consent-status-purpose', 'Consent.status', 'warning']],
    why: 'Gen 2 revocation that keeps status active',
  },
  'extra/r4-ra-sandbox-RAFlagExample2.json': {
    issues: [
      ['terminology.snomed-https', 'Flag.code.coding[0].system', 'warning'],
      // 73618009 (an autism finding) filed as a Bespoke (011) adjustment, whose only code is 1108111000000107.
      ['profile.code-not-for-category', 'Flag.code.coding[0].code', 'error'],
    ],
    why: 'Gen 2 ProgrammeFlag with a condition code where an adjustment belongs',
  },
  'extra/r4-ra-sandbox-RemoveRARecordExample.json': { issues: [], why: 'a valid transaction of DELETE entries' },
};

/** Files that are not JSON: what validateText says of each, and why that is the whole story. */
const notJson: Record<string, { readonly issues: IssueSummary[]; readonly why: string }> = {
  '05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.xml': {
    issues: [['syntax.invalid-json', undefined, 'fatal']],
    why: 'raflag validates FHIR JSON only (DESIGN decision 1); the same Bundle is checked as the .json above',
  },
  '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.source.fsh': {
    issues: [['syntax.invalid-json', undefined, 'fatal']],
    why: 'FSH source of the .json above, which is what is validated',
  },
  'README.md': {
    issues: [['syntax.invalid-json', undefined, 'fatal']],
    why: 'the provenance notes of the fixtures, not a payload',
  },
};

describe('national fixtures', () => {
  it('states an outcome for every file in the folder, and for no file that is not there', () => {
    expect(filesUnder(root).sort()).toEqual([...Object.keys(json), ...Object.keys(notJson)].sort());
  });

  it.each(Object.entries(json))('%s', (file, { issues }) => {
    expect(sorted(summarise(validate(JSON.parse(read(file)))))).toEqual(sorted(issues));
  });

  it.each(Object.entries(json))('%s reads the same as text (no duplicate keys or lossy numbers)', (file) => {
    expect(summarise(validateText(read(file)))).toEqual(summarise(validate(JSON.parse(read(file)))));
  });

  it.each(Object.entries(notJson))('%s is not JSON', (file, { issues }) => {
    expect(summarise(validateText(read(file)))).toEqual(issues);
  });

  it.each(Object.entries(json).filter(([, { issues }]) => issues[0]?.[0] === 'payload.stu3'))(
    '%s is answered with one STU3 issue that names its evidence and points at convert',
    (file) => {
      const outcome = validate(JSON.parse(read(file)));
      expect(outcome.issue).toHaveLength(1);
      expect(outcome.issue[0]?.details?.text).toMatch(/STU3 (profile|\$removerarecord)/);
      expect(outcome.issue[0]?.diagnostics).toContain('convert');
    },
  );

  it.each([
    ['01-flag-stu3-RARecord-Flag-1-example-1.json', 'Flag.category'],
    ['02-consent-stu3-RARecord-Consent-1-example-1-lpa.json', 'Consent.extension[0].url'],
    ['extra/api-createConsentResponse.json', 'Consent.extension[0].url'],
    ['03-list-condition-stu3-api-createList.json', 'List.code.coding[0].code'],
    ['extra/api-createConsent.json', 'Consent.extension[0].url'],
    ['extra/api-createFlag.json', 'Flag.category'],
    ['extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json', 'Condition.contained[0].agent[0].whoReference'],
  ])('still recognises %s as STU3 without its meta.profile', (file, expression) => {
    const payload = JSON.parse(read(file)) as { meta?: unknown; contained?: { meta?: unknown }[] };
    delete payload.meta;
    for (const contained of payload.contained ?? []) delete contained.meta;
    expect(summarise(validate(payload))).toEqual(stu3(expression));
  });

  it('takes every R4 national payload as valid R4: they have warnings, and only the Gen 2 bespoke flag has an error', () => {
    const withErrors = Object.entries(json)
      .filter(([, { issues }]) => issues.some(([id, , severity]) => severity === 'error' && id !== 'payload.stu3'))
      .map(([file]) => file);
    expect(withErrors).toEqual(['extra/r4-ra-sandbox-RAFlagExample2.json']);
  });
});
