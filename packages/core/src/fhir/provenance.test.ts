import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { SDS_JOB_ROLE_SYSTEM } from '../canonical.js';
import type { Recorded } from '../model/recorded.js';
import { provenanceFor, readProvenance } from './provenance.js';

const role = { system: SDS_JOB_ROLE_SYSTEM, code: 'R1974' };
const read = (resource: unknown) => {
  const issues: OperationOutcomeIssue[] = [];
  const recorded = readProvenance(resource as Record<string, unknown>, 'Flag', issues);
  return { recorded, issues: issues.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
};

describe('provenanceFor', () => {
  it('names the practitioner by SDS URL and the organisation by ODS URL, with displays', () => {
    const recorded: Recorded = {
      practitioner: { sdsId: 'sds1', name: 'Nurse Ray' },
      organisation: { odsCode: 'RX1', name: 'Trust' },
      role,
      when: '2024-01-01T11:00:00Z',
    };
    expect(provenanceFor(recorded).agent).toEqual([
      {
        role: [{ coding: [{ system: SDS_JOB_ROLE_SYSTEM, code: 'R1974', display: 'Community Learning Disabilities Nurse' }] }],
        who: { reference: 'https://sds.spineservices.nhs.uk/Practitioner/sds1', display: 'Nurse Ray' },
        onBehalfOf: { reference: 'https://directory.spineservices.nhs.uk/Organization/RX1', display: 'Trust' },
      },
    ]);
  });

  it('says the agent is unknown when no practitioner is named (agent.who is required and must be a Practitioner)', () => {
    const provenance = provenanceFor({ organisation: { odsCode: 'RX1' }, role, when: '2024-01-01T11:00:00Z' });
    expect(provenance.agent[0]?.who).toEqual({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] });
    expect(provenance.agent[0]?.onBehalfOf).toEqual({ reference: 'https://directory.spineservices.nhs.uk/Organization/RX1' });
    expect(read({ contained: [provenance] }).recorded).toEqual({ organisation: { odsCode: 'RX1' }, role, when: '2024-01-01T11:00:00Z' });
  });
});

describe('readProvenance', () => {
  const gen2 = {
    resourceType: 'Provenance',
    target: [{ reference: '#' }],
    recorded: '2024-01-01T11:00:00+00:00',
    agent: [
      {
        role: [{ coding: [role] }],
        who: { reference: 'https://sds.spineservices.nhs.uk/STU3/Practitioner/2ee4tr6a9' },
        onBehalfOf: { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/a3e5i7' },
      },
    ],
  };

  it('reads the Gen 2 /STU3/ Spine URLs as the same ids', () => {
    expect(read({ contained: [gen2] })).toEqual({
      recorded: { practitioner: { sdsId: '2ee4tr6a9' }, organisation: { odsCode: 'a3e5i7' }, role, when: '2024-01-01T11:00:00+00:00' },
      issues: [],
    });
  });

  it('reads practitioner and organisation given by identifier', () => {
    const agent = {
      role: [{ coding: [role] }],
      who: { identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'u1' } },
      onBehalfOf: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'X1' }, display: 'Org' },
    };
    expect(read({ contained: [{ ...gen2, agent: [agent] }] }).recorded).toEqual({
      practitioner: { sdsId: 'u1' },
      organisation: { odsCode: 'X1', name: 'Org' },
      role,
      when: '2024-01-01T11:00:00+00:00',
    });
  });

  it.each([
    ['no contained Provenance', {}, 'error business.provenance-missing Flag.contained'],
    ['no recorded time', { contained: [{ ...gen2, recorded: undefined }] }, 'error mapping.missing-element Flag.contained[0].recorded'],
    ['no agent', { contained: [{ ...gen2, agent: [] }] }, 'error mapping.missing-element Flag.contained[0].agent'],
    ['no role', { contained: [{ ...gen2, agent: [{ ...gen2.agent[0], role: [] }] }] }, 'error mapping.missing-element Flag.contained[0].agent[0].role[0].coding[0]'],
    [
      'no organisation',
      { contained: [{ ...gen2, agent: [{ ...gen2.agent[0], onBehalfOf: { reference: 'Organization/1' } }] }] },
      'error mapping.missing-element Flag.contained[0].agent[0].onBehalfOf',
    ],
  ])('cannot say who recorded it with %s', (_, resource, issue) => {
    const result = read(resource);
    expect(result.recorded).toBeUndefined();
    expect(result.issues).toEqual([issue]);
  });

  it('warns about a target other than # and an activity other than CREATE, and still reads', () => {
    const odd = { ...gen2, target: [{ reference: 'Flag/1' }], activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE' }] } };
    const result = read({ contained: [{ resourceType: 'Basic' }, odd] });
    expect(result.recorded?.when).toBe('2024-01-01T11:00:00+00:00');
    expect(result.issues).toEqual(['warning business.provenance-target Flag.contained[1].target', 'warning mapping.not-carried Flag.contained[1].activity']);
  });
});
