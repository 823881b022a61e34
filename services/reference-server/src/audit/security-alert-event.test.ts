import { describe, expect, it } from 'vitest';
import type { AuditEvent } from 'fhir/r4.js';
import { BREAK_GLASS_REASON_MAX, breakGlassEvent, consentDecisionEvent, type ConsentDecisionAuditInput } from './security-alert-event.js';
import { breakGlassClinician, gpSystem, lhcre, server } from './test-support/principals.js';

const recorded = new Date('2026-11-26T11:00:00.000Z');
const decision: ConsentDecisionAuditInput = {
  decision: 'permit',
  reason: 'C01',
  principal: lhcre,
  patient: { id: 'p1', nhsNumber: '9000000009' },
  consentIds: ['c1'],
  requestId: 'req-1',
  server,
  recorded,
};

const agentCodes = (event: AuditEvent) => event.agent.map((agent) => agent.type?.coding?.map((c) => c.code).join('+'));
const entityWhat = (event: AuditEvent) =>
  (event.entity ?? []).map((e) => [e.type?.code, e.what?.reference ?? e.what?.identifier?.value]);

describe('consentDecisionEvent', () => {
  it('records a permit as a BALP AuthZ-Consent security alert with the Consent and the token jti (D1)', () => {
    const event = consentDecisionEvent(decision);
    expect(event.type).toMatchObject({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113' });
    expect(event.subtype).toEqual([expect.objectContaining({ system: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType', code: 'AuthZ-Consent' })]);
    expect(event.action).toBe('E');
    expect(event.outcome).toBe('0');
    expect(event.outcomeDesc).toBe('C01');
    expect(agentCodes(event)).toEqual(['110150', 'PROV', 'authserver']);
    expect(entityWhat(event)).toEqual([
      ['1', 'Patient/p1'],
      ['Consent', 'Consent/c1'],
      ['UserOauthAgent', 'urn:ietf:params:oauth:jti:tok-2'],
      ['XrequestId', 'req-1'],
    ]);
  });

  it('records a deny as outcome 4 with the reason code, never the request (D2, H2)', () => {
    const event = consentDecisionEvent({ ...decision, decision: 'deny', reason: 'C10', consentIds: [] });
    expect(event.outcome).toBe('4');
    expect(event.outcomeDesc).toBe('C10');
  });

  it('names the sharing policy when no Consent resource decided (D3)', () => {
    const event = consentDecisionEvent({
      ...decision,
      consentIds: [],
      reason: 'opt-out-no-objection',
      policy: { code: 'opt-out', display: 'implied consent (opt-out sharing agreement)' },
    });
    const consent = event.entity?.filter((e) => e.type?.code === 'Consent');
    expect(consent).toEqual([
      {
        type: expect.objectContaining({ code: 'Consent' }),
        what: { identifier: { system: 'https://raflag.dev/fhir/CodeSystem/consent-policy', value: 'opt-out' }, display: 'implied consent (opt-out sharing agreement)' },
      },
    ]);
  });

  it('adds the end user with purpose of use when the system named one', () => {
    const event = consentDecisionEvent({ ...decision, principal: gpSystem });
    const user = event.agent.find((agent) => agent.type?.coding?.[0]?.code === 'IRCP');
    expect(user?.purposeOfUse?.[0]?.coding?.[0]?.code).toBe('TREAT');
    expect(user?.who?.identifier?.value).toBe('555000001');
  });
});

describe('breakGlassEvent', () => {
  const input = { principal: breakGlassClinician, patient: { id: 'p1' }, requestId: 'req-2', server, recorded };

  it('records emergency override started with ETREAT and the justification (D13)', () => {
    const event = breakGlassEvent(input);
    expect(event.type?.code).toBe('110113');
    expect(event.subtype?.map((c) => c.code)).toEqual(['110127']);
    expect(event.action).toBe('E');
    expect(event.outcome).toBe('0');
    expect(event.purposeOfEvent).toEqual([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }],
        text: 'Unconscious in A&E, consent cannot be sought',
      },
    ]);
    const user = event.agent.find((agent) => agent.type?.coding?.[0]?.code === 'IRCP');
    expect(user?.purposeOfUse?.[0]?.coding?.[0]?.code).toBe('ETREAT');
    expect(entityWhat(event)).toEqual([
      ['1', 'Patient/p1'],
      ['UserOauthAgent', 'urn:ietf:params:oauth:jti:tok-3'],
      ['XrequestId', 'req-2'],
    ]);
  });

  it('marks the end of the override with 110138', () => {
    expect(breakGlassEvent({ ...input, phase: 'stopped' }).subtype?.map((c) => c.code)).toEqual(['110138']);
  });

  it('keeps at most a sentence of justification', () => {
    const long = { ...breakGlassClinician, breakGlass: { reason: 'x'.repeat(5000) } };
    const event = breakGlassEvent({ ...input, principal: long });
    expect(event.purposeOfEvent?.[0]?.text).toHaveLength(BREAK_GLASS_REASON_MAX);
  });
});
