import { describe, expect, it } from 'vitest';
import {
  parseReference,
  REF_ABSOLUTE,
  REF_ABSOLUTE_REST,
  REF_INVALID,
  REF_LOCAL,
  REF_RELATIVE,
  REF_URN_OID,
  REF_URN_UUID,
  targetText,
} from './references.js';
import { baseIssues } from './test-support/base-issues.js';

describe('parseReference', () => {
  it.each([
    ['#', REF_LOCAL, undefined, undefined],
    ['#prov-1', REF_LOCAL, undefined, undefined],
    ['Patient/9912003888', REF_RELATIVE, 'Patient', '9912003888'],
    ['Flag/RA-Flag-Example/_history/3', REF_RELATIVE, 'Flag', 'RA-Flag-Example'],
    ['Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888', REF_RELATIVE, 'Patient', undefined],
    ['https://sds.spineservices.nhs.uk/STU3/Practitioner/2ee4tr6a9', REF_ABSOLUTE_REST, 'Practitioner', '2ee4tr6a9'],
    ['http://example.org/fhir/Patient/p1/_history/2', REF_ABSOLUTE_REST, 'Patient', 'p1'],
    ['https://example.org/Patient/p1', REF_ABSOLUTE_REST, 'Patient', 'p1'],
    ['https://example.org/documents/letter.pdf', REF_ABSOLUTE, undefined, undefined],
    ['https://example.org', REF_ABSOLUTE, undefined, undefined],
    ['https://example.org/Patient', REF_ABSOLUTE, undefined, undefined],
    ['urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904', REF_URN_UUID, undefined, undefined],
    ['urn:oid:2.16.840.1.113883', REF_URN_OID, undefined, undefined],
  ])('reads %s', (ref, kind, type, id) => {
    expect(parseReference(ref)).toEqual({ kind, type, id });
  });

  it.each([
    ['#bad id'],
    ['Patient'],
    ['Patient/'],
    ['Patients/p1'],
    ['patient/p1'],
    ['Patient/p1/extra'],
    ['Patient/has space'],
    ['Patient/p1/_history/'],
    ['demographics.spineservices.nhs.uk/STU3/Patient/9912003888'],
    ['ftp://example.org/Patient/p1'],
    ['https://exa mple.org/Patient/p1'],
    ['https:///Patient/p1'],
    ['urn:uuid:not-a-uuid'],
    ['urn:oid:1.02'],
    ['urn:isbn:0451450523'],
    ['Patient?'],
    ['?identifier=x'],
  ])('rejects %s', (ref) => {
    expect(parseReference(ref).kind).toBe(REF_INVALID);
  });

  it('lists allowed targets for messages', () => {
    expect(targetText(new Set(['Patient']))).toBe('Patient');
    expect(targetText(new Set(['Patient', 'Group', 'Device']))).toBe('Patient, Group or Device');
  });
});

describe('reference rules', () => {
  const flag = (subject: Record<string, unknown>) => ({ resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject });

  it.each([
    [{ reference: 'Patient/p1' }],
    [{ reference: 'Patient/p1', type: 'Patient' }],
    [{ reference: 'https://example.org/fhir/Group/g1' }],
    [{ reference: 'https://example.org/not/restful' }],
    [{ reference: 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904' }],
    [{ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9912003888' }, type: 'Patient' }],
    [{ display: 'Alan Mann' }],
    [{ type: 'http://example.org/StructureDefinition/LogicalModel', display: 'x' }],
  ])('accept %j where a Flag subject may be Patient or Group', (subject) => {
    expect(baseIssues(flag(subject))).toEqual([]);
  });

  it('reports a reference that is not a FHIR string only once, as a string', () => {
    expect(baseIssues(flag({ reference: 'Patient/p1\u0001' }))).toEqual([
      { id: 'base.primitive-format', expression: 'Flag.subject.reference' },
    ]);
  });

  it('checks a reference whose target allows any resource for form only', () => {
    const provenance = { resourceType: 'Provenance', target: [{ reference: 'Basic/b1' }, { reference: 'bad ref' }], recorded: '2024-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] };
    expect(baseIssues(provenance)).toEqual([{ id: 'base.reference-format', expression: 'Provenance.target[1].reference' }]);
  });
});
