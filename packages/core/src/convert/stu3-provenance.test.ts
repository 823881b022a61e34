import { describe, expect, it } from 'vitest';
import { readStu3Provenance } from './stu3-provenance.js';
import { issueSummary, provenance, RECORDED, SDS_ROLE_SYSTEM } from './test-support/stu3-builders.js';

const P = 'Flag.contained[0]';
const AGENT = `${P}.agent[0]`;

describe('readStu3Provenance', () => {
  it('reads who, for which organisation, in which role and when', () => {
    const reading = readStu3Provenance(provenance(), P);
    expect(reading.recorded).toEqual(RECORDED);
    expect(reading.issues).toEqual([]);
    expect(Object.fromEntries(reading.sources)).toEqual({
      '': P,
      when: `${P}.recorded`,
      organisation: `${AGENT}.onBehalfOf.ofType(Reference)`,
      'organisation.odsCode': `${AGENT}.onBehalfOf.ofType(Reference).reference`,
      'organisation.name': `${AGENT}.onBehalfOf.ofType(Reference).display`,
      role: `${AGENT}.role[0].coding[0]`,
      practitioner: `${AGENT}.who.ofType(Reference)`,
      'practitioner.sdsId': `${AGENT}.who.ofType(Reference).reference`,
      'practitioner.name': `${AGENT}.who.ofType(Reference).display`,
    });
  });

  it('reads the Spine URLs without a scheme, as the API samples write them', () => {
    const agent = {
      role: [{ coding: [{ system: SDS_ROLE_SYSTEM, code: 'R0050' }] }],
      whoReference: { reference: 'sds.spineservices.nhs.uk/STU3/Practitioner/093895563513' },
      onBehalfOfReference: { reference: 'directory.spineservices.nhs.uk/STU3/Organization/D82106' },
    };
    expect(readStu3Provenance(provenance({ agent: [agent] }), P).recorded).toEqual({
      practitioner: { sdsId: '093895563513' },
      organisation: { odsCode: 'D82106' },
      role: { system: SDS_ROLE_SYSTEM, code: 'R0050' },
      when: RECORDED.when,
    });
  });

  it('carries an organisation-only record when there is no practitioner', () => {
    const base = provenance();
    const [agent] = base.agent as Record<string, unknown>[];
    const { whoReference: _who, ...withoutWho } = agent ?? {};
    const reading = readStu3Provenance({ ...base, agent: [withoutWho] }, P);
    expect(reading.recorded).toEqual({ organisation: RECORDED.organisation, role: RECORDED.role, when: RECORDED.when });
    expect(reading.issues).toEqual([]);
  });

  it('drops only the practitioner when it is not an SDS Practitioner URL', () => {
    const base = provenance();
    const [agent] = base.agent as Record<string, unknown>[];
    const reading = readStu3Provenance({ ...base, agent: [{ ...agent, whoReference: { reference: 'Practitioner/1' } }] }, P);
    expect(reading.recorded?.practitioner).toBeUndefined();
    expect(reading.recorded?.organisation).toEqual(RECORDED.organisation);
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', `${AGENT}.who.ofType(Reference).reference`],
    ]);
  });

  it.each([
    ['no recorded time', { recorded: undefined }, [`${P}.recorded`]],
    ['no agent', { agent: [] }, [`${P}.agent.onBehalfOf.ofType(Reference)`, `${P}.agent.role`]],
    [
      'an organisation that is not an ODS URL and no role',
      { agent: [{ onBehalfOfReference: { reference: 'Organization/X' } }] },
      [`${AGENT}.onBehalfOf.ofType(Reference)`, `${AGENT}.role`],
    ],
    ['a role without a system', { agent: [{ ...provenanceAgent(), role: [{ coding: [{ code: 'R0260' }] }] }] }, [`${AGENT}.role`]],
  ])('gives no recorded for %s, with an error at each missing element', (_label, overrides, expressions) => {
    const reading = readStu3Provenance(provenance(overrides), P);
    expect(reading.recorded).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual(expressions.map((e) => ['mapping.not-carried', 'error', e]));
  });

  it('reports what it does not carry and still reads the rest', () => {
    const agent = {
      ...provenanceAgent(),
      role: [
        { coding: [{ system: SDS_ROLE_SYSTEM, code: 'R0260' }, { system: 'http://x', code: 'y' }] },
        { coding: [{ system: SDS_ROLE_SYSTEM, code: 'R0050' }] },
      ],
      relatedAgentType: { text: 'x' },
      onBehalfOfReference: { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/a3e5i7', identifier: { value: 'a3e5i7' } },
    };
    const reading = readStu3Provenance(provenance({ agent: [agent, provenanceAgent()], reason: [] }), P);
    expect(reading.recorded?.role).toEqual(RECORDED.role);
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', `${P}.reason`],
      ['mapping.not-carried', 'warning', `${P}.agent[1]`],
      ['mapping.not-carried', 'warning', `${AGENT}.relatedAgentType`],
      ['mapping.not-carried', 'warning', `${AGENT}.onBehalfOf.ofType(Reference).identifier`],
      ['mapping.not-carried', 'warning', `${AGENT}.role[1]`],
      ['mapping.not-carried', 'warning', `${AGENT}.role[0].coding[1]`],
    ]);
  });
});

function provenanceAgent(): Record<string, unknown> {
  const [agent] = provenance().agent as Record<string, unknown>[];
  return { ...agent };
}
