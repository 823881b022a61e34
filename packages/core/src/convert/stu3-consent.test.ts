import { describe, expect, it } from 'vitest';
import { readStu3Consent } from './stu3-consent.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import {
  consent,
  EXT,
  issueSummary,
  NHS_NUMBER,
  proxyRoleExtension,
  RECORDED,
  removalReasonExtension,
} from './test-support/stu3-builders.js';

const summary = (create?: string, remove?: string) => ({
  url: EXT.bestInterest,
  extension: [
    ...(create === undefined ? [] : [{ url: 'createSummary', valueAnnotation: { text: create } }]),
    ...(remove === undefined ? [] : [{ url: 'removeSummary', valueAnnotation: { text: remove } }]),
  ],
});

describe('readStu3Consent', () => {
  it('reads fixture 02: an LPA consent, its comments not carried, and no patient', () => {
    const reading = readStu3Consent(nationalFixtureObject('02-consent-stu3-RARecord-Consent-1-example-1-lpa.json'), 'Consent');
    expect(reading.patient).toBeUndefined();
    expect(reading.consent?.value).toEqual({ basis: 'lasting-power-of-attorney', state: 'given', recorded: RECORDED });
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.fhir_comments'],
      ['mapping.not-carried', 'warning', 'Consent.policy[0].fhir_comments'],
    ]);
  });

  it('reads a patient consent with its patient', () => {
    const reading = readStu3Consent(consent(), 'Consent');
    expect(reading.patient).toEqual({ nhsNumber: NHS_NUMBER, expression: 'Consent.patient.reference' });
    expect(reading.consent?.value).toEqual({ basis: 'patient', state: 'given', recorded: RECORDED });
    expect(reading.issues).toEqual([]);
  });

  it.each([
    ['001', 'patient'],
    ['002', 'best-interest'],
    ['003', 'lasting-power-of-attorney'],
    ['004', 'other-representative'],
  ])('reads ProxyRole %s as %s', (code, basis) => {
    const reading = readStu3Consent(consent({ extension: [proxyRoleExtension(code), summary('Lacks capacity')] }), 'Consent');
    expect(reading.consent?.value.basis).toBe(basis);
  });

  it('carries the best-interest create summary', () => {
    const reading = readStu3Consent(consent({ extension: [proxyRoleExtension('002'), summary('Decided at MDT')] }), 'Consent');
    expect(reading.consent?.value).toMatchObject({ basis: 'best-interest', bestInterestSummary: 'Decided at MDT' });
    expect(reading.consent?.sources.get('bestInterestSummary')).toBe(
      'Consent.extension[1].extension[0].value.ofType(Annotation).text',
    );
  });

  it('points a missing best-interest summary at where the extension belongs', () => {
    const reading = readStu3Consent(consent({ extension: [proxyRoleExtension('002')] }), 'Consent');
    expect(reading.consent?.sources.get('bestInterestSummary')).toBe(
      "Consent.extension.where(url='https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-BestInterestSummary-1')",
    );
  });

  it('reads an inactive consent as withdrawn, with the supporting comment as why', () => {
    const reading = readStu3Consent(
      consent({ status: 'inactive', extension: [proxyRoleExtension('001'), removalReasonExtension('PatientDissent', 'Changed mind')] }),
      'Consent',
    );
    expect(reading.consent?.value).toEqual({ basis: 'patient', state: 'withdrawn', removalSummary: 'Changed mind', recorded: RECORDED });
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.extension[1].extension[0].value.ofType(CodeableConcept).coding[0]'],
    ]);
  });

  it('prefers the best-interest remove summary to the supporting comment', () => {
    const reading = readStu3Consent(
      consent({
        status: 'inactive',
        extension: [proxyRoleExtension('002'), summary('Decided at MDT', 'Reviewed at MDT'), removalReasonExtension('BestInterest', 'See summary')],
      }),
      'Consent',
    );
    expect(reading.consent?.value).toMatchObject({
      state: 'withdrawn',
      bestInterestSummary: 'Decided at MDT',
      removalSummary: 'Reviewed at MDT',
    });
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.extension[2].extension[0].value.ofType(CodeableConcept).coding[0]'],
      ['mapping.not-carried', 'warning', 'Consent.extension[2].extension[1].value.ofType(string)'],
    ]);
  });

  it('reads a rejected consent as refused', () => {
    expect(readStu3Consent(consent({ status: 'rejected' }), 'Consent').consent?.value.state).toBe('refused');
  });

  it('reports removal details on an active consent', () => {
    const reading = readStu3Consent(
      consent({ extension: [proxyRoleExtension('001'), summary(undefined, 'x'), removalReasonExtension('Error', 'y')] }),
      'Consent',
    );
    expect(reading.consent?.value.removalSummary).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.extension[2]'],
      ['mapping.not-carried', 'warning', 'Consent.extension[1].extension[0].value.ofType(Annotation).text'],
    ]);
  });

  it.each([
    ['draft', 'warning'],
    ['proposed', 'warning'],
    ['entered-in-error', 'warning'],
    [undefined, 'error'],
  ])('does not carry a consent with status %s', (status, severity) => {
    const reading = readStu3Consent(consent({ status }), 'Consent');
    expect(reading.consent).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', severity, 'Consent.status']]);
  });

  it('does not carry a consent with the legacy proxy role lpa', () => {
    const legacy = proxyRoleExtension('lpa', 'https://fhir.nhs.uk/STU3/CodeSystem/CodeSystem-RARecord-ProxyRole-1');
    const reading = readStu3Consent(consent({ extension: [legacy] }), 'Consent');
    expect(reading.consent).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'error', 'Consent.extension[0].value.ofType(CodeableConcept).coding[0].code'],
    ]);
    expect(JSON.stringify(reading.issues)).not.toContain('"lpa"');
  });

  it('does not carry a consent that does not say who consented', () => {
    const reading = readStu3Consent(consent({ extension: [] }), 'Consent');
    expect(reading.consent).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([
      [
        'mapping.not-carried',
        'error',
        "Consent.extension.where(url='https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-ProxyRole-1')",
      ],
    ]);
  });

  it('reports a legacy purpose, a consenting party and a category other than NRAF, and still carries the consent', () => {
    const reading = readStu3Consent(
      consent({
        purpose: [{ system: 'http://snomed.info/sct', code: '370856009' }],
        consentingParty: [{ reference: 'RelatedPerson/1' }],
        category: [{ text: 'RA' }],
      }),
      'Consent',
    );
    expect(reading.consent?.value.state).toBe('given');
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Consent.consentingParty'],
      ['mapping.not-carried', 'warning', 'Consent.category'],
      ['mapping.not-carried', 'warning', 'Consent.purpose[0]'],
    ]);
  });

  it('does not carry a consent without a Provenance (a request body: Spine added it)', () => {
    const reading = readStu3Consent(nationalFixtureObject('extra/api-createConsent.json'), 'Consent');
    expect(reading.patient?.nhsNumber).toBe(NHS_NUMBER);
    expect(reading.consent).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'error', 'Consent.contained']]);
  });
});
