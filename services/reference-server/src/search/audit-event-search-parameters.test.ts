import type { Resource } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM, SDS_USER_SYSTEM } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { restAuditEvent } from '../audit/audit-event.js';
import { RAFLAG_CLIENT_ID } from '../audit/audit-codes.js';
import { gpSystem, server } from '../audit/test-support/principals.js';
import { findSearchParameter, searchParametersOf } from './search-parameters.js';

const event = restAuditEvent({
  interaction: 'read',
  status: 200,
  principal: gpSystem,
  patient: { id: 'p1', nhsNumber: '9000000009' },
  entities: ['Flag/f1/_history/2', 'Condition/c1', 'Observation/o1'],
  requestId: 'req-1',
  server,
  recorded: new Date('2026-11-26T10:15:00.000Z'),
});

function extracted(name: string, resource: Resource = event): readonly unknown[] {
  const parameter = findSearchParameter('AuditEvent', name);
  if (parameter?.type !== 'token' && parameter?.type !== 'reference') throw new Error(`AuditEvent.${name} extracts nothing`);
  return parameter.extract(resource);
}

describe('AuditEvent search parameters', () => {
  it('are patient, agent, entity, date, _id and _lastUpdated', () => {
    expect(searchParametersOf('AuditEvent').map((parameter) => [parameter.name, parameter.type])).toEqual([
      ['patient', 'reference'],
      ['agent', 'token'],
      ['entity', 'reference'],
      ['date', 'date'],
      ['_id', 'id'],
      ['_lastUpdated', 'date'],
    ]);
  });

  it('patient indexes the patient entity as a reference, and its NHS number for patient:identifier', () => {
    expect(extracted('patient')).toEqual([{ type: 'Patient', id: 'p1' }]);
    const patient = findSearchParameter('AuditEvent', 'patient');
    if (patient?.type !== 'reference') throw new Error('patient is a reference parameter');
    expect(patient.patientIdentifierChain).toBe(true);
    expect(patient.identifierIndex?.extract(event)).toEqual([{ system: NHS_NUMBER_SYSTEM, code: '9000000009' }]);
  });

  it("agent indexes who acted (client, user, organisation), not the server's own agent", () => {
    expect(extracted('agent')).toEqual([
      { system: RAFLAG_CLIENT_ID, code: 'gp-system' },
      { system: SDS_USER_SYSTEM, code: '555000001' },
      { system: ODS_ORGANISATION_SYSTEM, code: 'B86010' },
    ]);
  });

  it('entity indexes every stored-type reference, versioned ones by their resource, the patient included', () => {
    expect(extracted('entity')).toEqual([
      { type: 'Patient', id: 'p1' },
      { type: 'Flag', id: 'f1' },
      { type: 'Condition', id: 'c1' },
    ]);
  });

  it('extracts nothing from a resource that is not an AuditEvent', () => {
    const flag: Resource = { resourceType: 'Flag', subject: { reference: 'Patient/p1' } } as Resource;
    for (const name of ['patient', 'agent', 'entity']) expect(extracted(name, flag)).toEqual([]);
  });
});
