import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import type { RaConsent } from '../model/consent.js';
import { consentToFhir, readConsent } from './ra-consent.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const patientRef = { reference: 'urn:uuid:p' };
const noSharing = { permit: [], deny: [] };

function read(consent: unknown) {
  const issues: OperationOutcomeIssue[] = [];
  const value = readConsent(JSON.parse(JSON.stringify(consent)) as Record<string, unknown>, 'Consent', issues);
  return { value, issues: issues.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
}

describe('consentToFhir', () => {
  it.each([
    ['given', 'active', 'RACONSENT'],
    ['refused', 'inactive', 'RADISSENT'],
    ['withdrawn', 'inactive', 'RAREVOKED'],
  ] as const)('writes a %s consent as status %s with purpose %s', (state, status, purpose) => {
    const consent = consentToFhir({ basis: 'patient', state, recorded: R, sharing: noSharing }, patientRef);
    expect(consent.status).toBe(status);
    expect(consent.provision?.purpose?.map((p) => p.code)).toEqual([purpose]);
  });

  it.each([
    ['patient', '001'],
    ['best-interest', '002'],
    ['lasting-power-of-attorney', '003'],
    ['other-representative', '004'],
  ] as const)('writes basis %s as FlagProxyRole %s', (basis, code) => {
    const consent = consentToFhir({ basis, state: 'given', bestInterestSummary: 'why', recorded: R, sharing: noSharing }, patientRef);
    expect(consent.policyRule?.coding?.[0]?.code).toBe(code);
  });
});

describe('readConsent', () => {
  it('reads back what it writes, sharing partners included', () => {
    const consent: RaConsent = {
      basis: 'lasting-power-of-attorney',
      state: 'withdrawn',
      removalSummary: 'Attorney withdrew consent',
      recorded: R,
      sharing: { permit: [{ odsCode: 'L1', name: 'North' }, { odsCode: 'L2' }], deny: [{ odsCode: 'L3', name: 'South' }] },
      id: 'c-1',
    };
    expect(read(consentToFhir(consent, patientRef))).toEqual({ value: consent, issues: [] });
  });

  it('reads sharing partners grouped in one provision with several actors', () => {
    const written = consentToFhir({ basis: 'patient', state: 'given', recorded: R, sharing: { permit: [{ odsCode: 'L1' }, { odsCode: 'L2' }], deny: [] } }, patientRef);
    const actors = written.provision?.provision?.flatMap((p) => p.actor ?? []);
    written.provision!.provision = [{ type: 'permit', actor: actors }];
    expect(read(written).value?.sharing).toEqual({ permit: [{ odsCode: 'L1' }, { odsCode: 'L2' }], deny: [] });
  });

  it('does not read a best-interest consent without its summary', () => {
    const written = consentToFhir({ basis: 'best-interest', state: 'given', bestInterestSummary: 'x', recorded: R, sharing: noSharing }, patientRef);
    delete written.extension;
    const result = read(written);
    expect(result.value).toBeUndefined();
    expect(result.issues).toEqual(['error profile.best-interest-summary-required Consent.extension']);
  });

  it.each([
    ['no policyRule', { policyRule: undefined }, 'error mapping.missing-element Consent.policyRule'],
    ['an unknown purpose', { provision: { purpose: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/RA-ConsentPurpose', code: 'RAMAYBE' }] } }, 'error mapping.unrecognised-code Consent.provision.purpose[0]'],
    ['no purpose', { provision: {} }, 'error mapping.missing-element Consent.provision.purpose'],
  ])('does not read a consent with %s', (_, change, issue) => {
    const written = { ...consentToFhir({ basis: 'patient', state: 'given', recorded: R, sharing: noSharing }, patientRef), ...change };
    expect(read(written)).toEqual({ value: undefined, issues: [issue] });
  });

  it('reports an actor without an ODS code as not carried', () => {
    const written = consentToFhir({ basis: 'patient', state: 'given', recorded: R, sharing: { permit: [{ odsCode: 'L1' }], deny: [] } }, patientRef);
    written.provision!.provision![0]!.actor![0]!.reference = { reference: 'Organization/9' };
    expect(read(written)).toEqual({
      value: { basis: 'patient', state: 'given', recorded: R, sharing: noSharing },
      issues: ['warning mapping.not-carried Consent.provision.provision[0].actor[0].reference'],
    });
  });
});
