import { describe, expect, it } from 'vitest';
import { issueId } from '../outcome/issue.js';
import { detectStu3 } from './stu3-detect.js';

const r4Provenance = {
  resourceType: 'Provenance',
  id: 'p',
  target: [{ reference: '#' }],
  recorded: '2024-01-01T11:00:00+00:00',
  agent: [{ who: { reference: 'https://sds.spineservices.nhs.uk/STU3/Practitioner/x' } }],
};

describe('detectStu3', () => {
  it.each([
    [
      'an STU3 profile in meta.profile',
      { resourceType: 'Flag', meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/RARecord-Flag-1'] } },
      'Flag.meta.profile[0]',
      'RARecord-Flag-1',
    ],
    [
      'meta.profile given as one STU3 string',
      { resourceType: 'OperationOutcome', meta: { profile: 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1' } },
      'OperationOutcome.meta.profile',
      'Spine-OperationOutcome-1',
    ],
    [
      'Flag.category as a single object',
      { resourceType: 'Flag', status: 'active', category: { text: 'x' } },
      'Flag.category',
      'single CodeableConcept',
    ],
    [
      'a contained Provenance with whoReference',
      { resourceType: 'Flag', contained: [{ resourceType: 'Provenance', agent: [{ role: [], whoReference: {} }] }] },
      'Flag.contained[0].agent[0].whoReference',
      'whoReference',
    ],
    [
      'a Provenance agent with onBehalfOfReference only',
      { resourceType: 'Provenance', agent: [{ onBehalfOfReference: {} }] },
      'Provenance.agent[0].onBehalfOfReference',
      'onBehalfOfReference',
    ],
    [
      'an STU3 RARecord extension',
      {
        resourceType: 'Consent',
        extension: [
          { url: 'http://example.org/other' },
          { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-ProxyRole-1' },
        ],
      },
      'Consent.extension[1].url',
      'Extension-RARecord-ProxyRole-1',
    ],
    [
      'a List with the RA list code',
      { resourceType: 'List', code: { coding: [{ system: 'http://snomed.info/sct', code: '1094391000000102' }] } },
      'List.code.coding[0].code',
      '1094391000000102',
    ],
    [
      'the $removerarecord Parameters',
      { resourceType: 'Parameters', parameter: [{ name: 'removeRARecord', part: [] }] },
      'Parameters.parameter[0].name',
      '$removerarecord',
    ],
    [
      'the IG spelling removerarecord',
      { resourceType: 'Parameters', parameter: [{ name: 'removerarecord' }] },
      'Parameters.parameter[0].name',
      '$removerarecord',
    ],
    [
      'a Consent.purpose with an STU3 code system',
      {
        resourceType: 'Consent',
        purpose: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConsentPurpose-1', code: 'RACONSENT' }],
      },
      'Consent.purpose[0]',
      'RARecord-ConsentPurpose-1',
    ],
    [
      'an STU3 resource inside a Bundle entry',
      {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: { resourceType: 'Patient' } },
          { resource: { resourceType: 'Consent', meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/RARecord-Consent-1'] } } },
        ],
      },
      'Bundle.entry[1].resource.meta.profile[0]',
      'RARecord-Consent-1',
    ],
  ])('recognises %s', (_name, payload, expression, reasonPart) => {
    const issue = detectStu3(payload);
    expect(issue && issueId(issue)).toBe('payload.stu3');
    expect(issue?.severity).toBe('error');
    expect(issue?.expression).toEqual([expression]);
    expect(issue?.details?.text).toContain(reasonPart);
    expect(issue?.details?.text).toContain('convert');
  });

  it('reports the first piece of evidence only', () => {
    const issue = detectStu3({
      resourceType: 'Flag',
      meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/RARecord-Flag-1'] },
      category: { text: 'x' },
      extension: [{ url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-AdjustmentCategory-1' }],
    });
    expect(issue?.expression).toEqual(['Flag.meta.profile[0]']);
  });

  it.each([
    ['an R4 Flag with a list of categories', { resourceType: 'Flag', category: [{ text: 'x' }], code: { text: 'y' } }],
    [
      'R4 Provenance references whose URLs contain /STU3/ (the Gen 2 examples do this)',
      { resourceType: 'Flag', contained: [r4Provenance] },
    ],
    ['a non-RA List', { resourceType: 'List', code: { coding: [{ system: 'http://snomed.info/sct', code: '887161000000102' }] } }],
    ['an R4 UK Core profile', { resourceType: 'Patient', meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] } }],
    ['other Parameters', { resourceType: 'Parameters', parameter: [{ name: 'resource' }] }],
    ['not an object', 'Flag'],
    ['an object without resourceType', { category: {} }],
  ])('leaves %s alone', (_name, payload) => {
    expect(detectStu3(payload)).toBeUndefined();
  });
});
