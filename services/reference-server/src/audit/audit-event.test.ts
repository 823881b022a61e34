import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventAgent, Coding } from 'fhir/r4.js';
import type { Interaction } from '../http/route-def.js';
import { restAuditEvent, type RestAuditInput } from './audit-event.js';
import { gpSystem, lhcre, server } from './test-support/principals.js';

const recorded = new Date('2026-11-26T10:15:00.000Z');
const base: RestAuditInput = {
  interaction: 'read',
  resourceType: 'Flag',
  status: 200,
  principal: gpSystem,
  patient: { id: 'p1', nhsNumber: '9000000009' },
  entities: ['Flag/f1'],
  requestId: '60E0B220-8136-4CA5-AE46-1D97EF59D068',
  server,
  recorded,
};

const codesOf = (agent: AuditEventAgent | undefined): string[] => (agent?.type?.coding ?? []).map((c) => `${c.code}`);
const agentOfType = (event: AuditEvent, code: string) => event.agent.find((agent) => codesOf(agent).includes(code));
const entityOfType = (event: AuditEvent, code: string) => event.entity?.filter((entity) => entity.type?.code === code) ?? [];
const code = (coding: Coding | undefined) => `${coding?.system}#${coding?.code}`;

describe('restAuditEvent', () => {
  it('records a successful patient read the way BALP PatientRead does (H1)', () => {
    const event = restAuditEvent(base);
    expect(code(event.type)).toBe('http://terminology.hl7.org/CodeSystem/audit-event-type#rest');
    expect(event.subtype?.map(code)).toEqual(['http://hl7.org/fhir/restful-interaction#read']);
    expect(event.action).toBe('R');
    expect(event.outcome).toBe('0');
    expect(event.outcomeDesc).toBeUndefined();
    expect(event.recorded).toBe('2026-11-26T10:15:00.000Z');

    const client = agentOfType(event, '110150');
    expect(codesOf(client)).toEqual(['110150', '110152']);
    expect(client?.who?.identifier?.value).toBe('gp-system');
    const serverAgent = event.agent.find((agent) => codesOf(agent).join() === '110153');
    expect(serverAgent?.who?.identifier?.value).toBe(server.url);
    const user = agentOfType(event, 'IRCP');
    expect(user).toMatchObject({
      requestor: true,
      who: { identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555000001' } },
    });
    expect(user?.role?.[0]?.coding?.map((c) => c.code)).toEqual(['R8000', 'B0257']);
    expect(user?.purposeOfUse?.[0]?.coding?.[0]?.code).toBe('TREAT');
    expect(agentOfType(event, 'PROV')?.who?.identifier).toEqual({
      system: 'https://fhir.nhs.uk/Id/ods-organization-code',
      value: 'B86010',
    });

    expect(entityOfType(event, '1')).toEqual([
      {
        what: { type: 'Patient', reference: 'Patient/p1', identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' } },
        type: expect.objectContaining({ code: '1' }),
        role: expect.objectContaining({ system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' }),
      },
    ]);
    expect(entityOfType(event, '2').map((e) => [e.what?.reference, e.role?.code])).toEqual([['Flag/f1', '4']]);
    expect(entityOfType(event, 'XrequestId').map((e) => e.what?.identifier?.value)).toEqual([base.requestId]);
    expect(event.purposeOfEvent?.[0]?.coding?.[0]?.code).toBe('TREAT');
  });

  it.each<[Interaction, string[], string]>([
    ['read', ['read'], 'R'],
    ['vread', ['vread'], 'R'],
    ['history-instance', ['history-instance'], 'R'],
    ['history-type', ['history-type'], 'R'],
    ['search-type', ['search-type'], 'E'],
    ['patient-flag-read', ['search-type', 'patient-flag-read'], 'E'],
    ['create', ['create'], 'C'],
    ['update', ['update'], 'U'],
    ['delete', ['delete'], 'D'],
    ['transaction', ['transaction'], 'E'],
    ['patient-flag-transaction', ['transaction', 'patient-flag-transaction'], 'E'],
    ['validate', ['operation', 'validate'], 'E'],
    ['capabilities', ['capabilities'], 'E'],
  ])('%s is subtype %j, action %s', (interaction, subtypes, action) => {
    const event = restAuditEvent({ ...base, interaction });
    expect(event.subtype?.map((c) => c.code)).toEqual(subtypes);
    expect(event.subtype?.[0]?.system).toBe('http://hl7.org/fhir/restful-interaction');
    expect(event.action).toBe(action);
  });

  it.each<[Interaction, string, string, string]>([
    ['read', '110152', '110153', 'IRCP'],
    ['search-type', '110153', '110152', 'IRCP'],
    ['create', '110153', '110152', 'AUT'],
    ['delete', '110153', '110152', 'AUT'],
  ])('%s gives the client role %s, the server %s and the user %s', (interaction, clientRole, serverRole, userType) => {
    const event = restAuditEvent({ ...base, interaction });
    expect(codesOf(agentOfType(event, '110150'))).toEqual(['110150', clientRole]);
    expect(event.agent.some((agent) => codesOf(agent).join() === serverRole)).toBe(true);
    expect(agentOfType(event, userType)).toBeDefined();
  });

  it.each([
    [200, undefined, '0', undefined],
    [201, undefined, '0', undefined],
    [304, undefined, '0', undefined],
    [401, undefined, '4', '401 Unauthorized'],
    [403, 'insufficient-scope', '4', '403 Forbidden: insufficient-scope'],
    [404, undefined, '4', '404 Not Found'],
    [429, undefined, '4', '429 Too Many Requests'],
    [503, undefined, '8', '503 Service Unavailable'],
    [500, undefined, '12', '500 Internal Server Error'],
    [0, undefined, '12', 'status 0'],
  ])('status %i (reason %s) is outcome %s "%s"', (status, reason, outcome, outcomeDesc) => {
    const event = restAuditEvent({ ...base, status, reason });
    expect(event.outcome).toBe(outcome);
    expect(event.outcomeDesc).toBe(outcomeDesc);
  });

  it('records an unauthenticated 401 on a patient URL without inventing a caller (H2)', () => {
    const event = restAuditEvent({ ...base, status: 401, principal: undefined, entities: [], network: '203.0.113.7' });
    expect(event.outcome).toBe('4');
    expect(event.agent).toHaveLength(2);
    expect(agentOfType(event, '110150')).toMatchObject({
      who: { display: 'unauthenticated caller' },
      network: { address: '203.0.113.7', type: '2' },
      requestor: false,
    });
    expect(agentOfType(event, 'IRCP')).toBeUndefined();
    expect(event.purposeOfEvent).toBeUndefined();
    expect(entityOfType(event, '1')).toHaveLength(1);
  });

  it('names the anonymous caller when auth is switched off', () => {
    const event = restAuditEvent({ ...base, principal: { kind: 'insecure-anonymous' } });
    expect(agentOfType(event, '110150')?.who?.display).toMatch(/--insecure-no-auth/);
    expect(event.agent).toHaveLength(2);
  });

  it('records a system-only client as the requestor, with no user agent', () => {
    const event = restAuditEvent({ ...base, principal: lhcre });
    expect(agentOfType(event, '110150')).toMatchObject({ requestor: true, who: { identifier: { value: 'lhcre-yhcr' } } });
    expect(agentOfType(event, 'IRCP')).toBeUndefined();
  });

  it('records a search with its canonical query (base64 and readable) and the ids returned (H3)', () => {
    const query = 'patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009';
    const event = restAuditEvent({ ...base, interaction: 'search-type', query, entities: ['Flag/f1', 'Flag/f2'] });
    const [queryEntity] = event.entity?.filter((e) => e.role?.code === '24') ?? [];
    expect(Buffer.from(queryEntity?.query ?? '', 'base64').toString('utf8')).toBe(query);
    expect(queryEntity?.description).toBe(`Flag?${query}`);
    expect(entityOfType(event, '2').filter((e) => e.role?.code === '4').map((e) => e.what?.reference)).toEqual(['Flag/f1', 'Flag/f2']);
  });

  it('keeps the correlation id beside the X-Request-ID', () => {
    const event = restAuditEvent({ ...base, correlationId: 'corr-9' });
    expect(entityOfType(event, 'XrequestId')[0]?.detail).toEqual([{ type: 'X-Correlation-ID', valueString: 'corr-9' }]);
  });

  it('leaves the patient entity out when the request named no patient', () => {
    const event = restAuditEvent({ ...base, patient: undefined });
    expect(entityOfType(event, '1')).toEqual([]);
  });

  it('carries no token text and no scope', () => {
    const text = JSON.stringify(restAuditEvent(base));
    expect(text).not.toContain(gpSystem.scope);
    expect(text).not.toContain('tok-1');
  });
});
