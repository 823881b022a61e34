import { describe, expect, it } from 'vitest';
import { at, baseIssues, rawBaseIssues, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

const valid: Json = {
  resourceType: 'Condition',
  id: 'RA-Condition-Example',
  contained: [
    {
      resourceType: 'Provenance',
      id: 'prov',
      target: [{ reference: '#' }],
      recorded: '2024-01-01T11:00:00+00:00',
      agent: [{ who: { reference: 'Practitioner/2ee4tr6a9' } }],
    },
  ],
  clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
  verificationStatus: { coding: [{ system: VER_STATUS, code: 'confirmed' }] },
  category: [
    { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient', code: 'national-reasonable-adjustment-flag' }] },
    { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-ConditionCategoryRA', code: 'issue' }] },
  ],
  code: { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-ConditionCodeRA', code: 'learning' }] },
  subject: { reference: 'Patient/PatientFlag-AlanMann-Example' },
  onsetDateTime: '2020-05-01',
  recordedDate: '2024-01-01T11:00:00Z',
  note: [{ text: 'Needs extra time' }],
};

const cases: [string, Mutation, string, string][] = [
  ['subject missing', (r) => { delete r.subject; }, 'base.required-missing', 'Condition.subject'],
  ['subject pointing at a Practitioner', (r) => { r.subject = { reference: 'Practitioner/x' }; }, 'base.reference-target', 'Condition.subject.reference'],
  ['clinicalStatus code not in condition-clinical', (r) => { at(r, 'clinicalStatus', 'coding', 0).code = 'current'; }, 'base.required-binding', 'Condition.clinicalStatus'],
  ['clinicalStatus from another system', (r) => { at(r, 'clinicalStatus', 'coding', 0).system = 'http://snomed.info/sct'; }, 'base.required-binding', 'Condition.clinicalStatus'],
  ['verificationStatus code not in condition-ver-status', (r) => { at(r, 'verificationStatus', 'coding', 0).code = 'maybe'; }, 'base.required-binding', 'Condition.verificationStatus'],
  ['abatement while active (con-4)', (r) => { r.abatementDateTime = '2024-02-01'; }, 'base.invariant', 'Condition.clinicalStatus'],
  ['clinicalStatus on an entered-in-error condition (con-5)', (r) => { at(r, 'verificationStatus', 'coding', 0).code = 'entered-in-error'; }, 'base.invariant', 'Condition.clinicalStatus'],
  ['a problem-list item without clinicalStatus (con-3)', (r) => { delete r.clinicalStatus; at(r, 'category')[1] = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }; }, 'base.invariant', 'Condition.clinicalStatus'],
  ['onset given twice', (r) => { r.onsetString = 'childhood'; }, 'base.choice-multiple', 'Condition.onset'],
  ['onset of a type the choice does not allow', (r) => { delete r.onsetDateTime; r.onsetBoolean = true; }, 'base.unknown-element', 'Condition.onsetBoolean'],
  ['onset a date without timezone on a time', (r) => { r.onsetDateTime = '2020-05-01T10:00'; }, 'base.primitive-format', 'Condition.onset.ofType(dateTime)'],
  ['onsetAge with a code but no system (qty-3)', (r) => { delete r.onsetDateTime; r.onsetAge = { value: 4, code: 'a' }; }, 'base.invariant', 'Condition.onset.ofType(Age).system'],
  ['a stage with neither summary nor assessment (con-1)', (r) => { r.stage = [{ type: { text: 'x' } }]; }, 'base.invariant', 'Condition.stage[0]'],
  ['evidence with neither code nor detail (con-2)', (r) => { r.evidence = [{ extension: [{ url: 'http://x.org/e', valueString: 'y' }] }]; }, 'base.invariant', 'Condition.evidence[0]'],
  ['recordedDate month 13', (r) => { r.recordedDate = '2024-13-01'; }, 'base.primitive-format', 'Condition.recordedDate'],
  ['a note without text', (r) => { r.note = [{ authorString: 'Dr X' }]; }, 'base.required-missing', 'Condition.note[0].text'],
  ['category as one object', (r) => { r.category = at(r, 'category', 0); }, 'base.expected-array', 'Condition.category'],
  ['bodySite a string', (r) => { r.bodySite = ['left arm']; }, 'base.wrong-json-type', 'Condition.bodySite[0]'],
  ['the contained Provenance without recorded', (r) => { delete at(r, 'contained', 0).recorded; }, 'base.required-missing', 'Condition.contained[0].recorded'],
];

describe('base rules for Condition', () => {
  it('pass a valid reasonable-adjustment Condition with no issues', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('accept abatement on a resolved condition', () => {
    const r = variant(valid, (c) => {
      at(c, 'clinicalStatus', 'coding', 0).code = 'resolved';
      c.abatementString = 'in 2023';
    });
    expect(baseIssues(r)).toEqual([]);
  });

  it('raise con-3 as a warning, as R4 does, with the constraint text', () => {
    const r = variant(valid, (c) => {
      delete c.clinicalStatus;
      c.category = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }];
    });
    const [issue] = rawBaseIssues(r);
    expect(issue?.severity).toBe('warning');
    expect(issue?.diagnostics).toContain('con-3');
    expect(issue?.diagnostics).toContain('Condition.clinicalStatus SHALL be present');
  });
});
