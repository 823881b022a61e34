import { describe, expect, it } from 'vitest';
import { restAuditEvent } from './audit-event.js';
import { auditSearchValues } from './audit-search-params.js';
import { consentDecisionEvent } from './security-alert-event.js';
import { gpSystem, server } from './test-support/principals.js';

const recorded = new Date('2026-11-26T10:15:00.000Z');
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

describe('auditSearchValues', () => {
  it('indexes patient, agent, date and entity of a read', () => {
    const event = restAuditEvent({
      interaction: 'read',
      status: 200,
      principal: gpSystem,
      patient: { id: 'p1', nhsNumber: '9000000009' },
      entities: ['Flag/f1'],
      requestId: 'req-1',
      server,
      recorded,
    });
    const values = auditSearchValues(event);
    expect(values.patient).toEqual([
      { kind: 'reference', reference: 'Patient/p1' },
      { kind: 'identifier', system: NHS, value: '9000000009' },
    ]);
    expect(values.agent).toEqual([
      { kind: 'identifier', system: 'https://raflag.dev/fhir/Id/client-id', value: 'gp-system' },
      { kind: 'identifier', system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555000001' },
      { kind: 'identifier', system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B86010' },
      { kind: 'identifier', system: 'urn:ietf:rfc:3986', value: server.url },
    ]);
    expect(values.date).toBe('2026-11-26T10:15:00.000Z');
    expect(values.entity).toEqual([
      { kind: 'reference', reference: 'Patient/p1' },
      { kind: 'identifier', system: NHS, value: '9000000009' },
      { kind: 'reference', reference: 'Flag/f1' },
      { kind: 'identifier', system: undefined, value: 'req-1' },
    ]);
  });

  it('has no patient values when the event named no patient, and each value once', () => {
    const event = restAuditEvent({
      interaction: 'search-type',
      status: 200,
      principal: gpSystem,
      entities: ['Flag/f1', 'Flag/f1'],
      requestId: 'req-2',
      server,
      recorded,
    });
    const values = auditSearchValues(event);
    expect(values.patient).toEqual([]);
    expect(values.entity.filter((v) => v.kind === 'reference')).toEqual([{ kind: 'reference', reference: 'Flag/f1' }]);
  });

  it('indexes the Consent and the token of a consent decision as entities', () => {
    const event = consentDecisionEvent({
      decision: 'deny',
      reason: 'C10',
      principal: gpSystem,
      patient: { nhsNumber: '9000000009' },
      consentIds: ['c7'],
      requestId: 'req-3',
      server,
      recorded,
    });
    const values = auditSearchValues(event);
    expect(values.patient).toEqual([{ kind: 'identifier', system: NHS, value: '9000000009' }]);
    expect(values.entity).toContainEqual({ kind: 'reference', reference: 'Consent/c7' });
    expect(values.entity).toContainEqual({ kind: 'identifier', system: undefined, value: 'urn:ietf:params:oauth:jti:tok-1' });
  });
});
