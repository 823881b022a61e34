import { describe, expect, it } from 'vitest';
import { recogniseStu3 } from './stu3-recognise.js';
import { nationalFixture } from './test-support/national-fixture.js';

describe('recogniseStu3', () => {
  it.each([
    ['01-flag-stu3-RARecord-Flag-1-example-1.json', 'flag'],
    ['02-consent-stu3-RARecord-Consent-1-example-1-lpa.json', 'consent'],
    ['03-list-condition-stu3-api-createList.json', 'list'],
    ['04-parameters-stu3-api-removerarecord.json', 'remove-record'],
    ['extra/api-createConsent.json', 'consent'],
    ['extra/api-createConsentResponse.json', 'consent'],
    ['extra/api-createFlag.json', 'flag'],
    ['extra/api-updateFlag.json', 'flag'],
    ['extra/api-readConsentResponse.json', 'bundle'],
    ['extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json', 'condition'],
    ['extra/consent-stu3-RARecord-Consent-1-example-2-patient.json', 'consent'],
  ])('recognises %s as %s', (file, kind) => {
    expect(recogniseStu3(nationalFixture(file)).kind).toBe(kind);
  });

  it.each([
    'extra/api-removerarecordResponse.json',
    'extra/operationoutcome-stu3-ReadFail-NO_RECORD_FOUND.json',
    '05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json',
    '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json',
    'extra/r4-ra-sandbox-RAFlagExample2.json',
    'extra/r4-ra-sandbox-RAConditionExample2.json',
    'extra/r4-ra-sandbox-RAConsentExampleDissent.json',
    'extra/r4-ra-sandbox-RemoveRARecordExample.json',
  ])('does not take %s for a STU3 RARecord payload', (file) => {
    expect(recogniseStu3(nationalFixture(file)).kind).toBe('unrecognised');
  });

  it.each([
    // Shapes that only STU3 has, with no profile claimed (request bodies rarely claim one).
    [{ resourceType: 'Flag', category: { coding: [] } }, 'flag'],
    [{ resourceType: 'Flag', subject: { reference: 'demographics.spineservices.nhs.uk/STU3/Patient/5900026175' } }, 'flag'],
    [{ resourceType: 'Consent', purpose: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConsentPurpose-1' }] }, 'consent'],
    [{ resourceType: 'Condition', clinicalStatus: 'active' }, 'condition'],
    [{ resourceType: 'List', contained: [{ resourceType: 'Condition', clinicalStatus: 'active' }] }, 'list'],
    [{ resourceType: 'Parameters', parameter: [{ name: 'removerarecord' }] }, 'remove-record'],
  ])('recognises a STU3 shape without a profile (%#)', (input, kind) => {
    expect(recogniseStu3(input).kind).toBe(kind);
  });

  it.each([
    [null, 'the payload is not a JSON object'],
    [[], 'the payload is not a JSON object'],
    ['Flag', 'the payload is not a JSON object'],
    [{ id: 'x' }, 'it has no resourceType'],
    [{ resourceType: 'Patient' }, 'only RARecord Flag, Consent, List and Condition resources, $removerarecord Parameters and Bundles of them are converted'],
    [
      { resourceType: 'Parameters', meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/X'] }, parameter: [] },
      'only RARecord Flag, Consent, List and Condition resources, $removerarecord Parameters and Bundles of them are converted',
    ],
    [
      { resourceType: 'Flag', category: [{ coding: [] }] },
      'it carries none of the STU3 RARecord profiles, extensions or shapes (R4 payloads are validated, not converted)',
    ],
    [
      { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient' } }] },
      'it carries none of the STU3 RARecord profiles, extensions or shapes (R4 payloads are validated, not converted)',
    ],
  ])('gives the reason for %j', (input, reason) => {
    expect(recogniseStu3(input)).toEqual({ kind: 'unrecognised', reason });
  });
});
