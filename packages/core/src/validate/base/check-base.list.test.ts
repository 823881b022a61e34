import { describe, expect, it } from 'vitest';
import { at, baseIssues, list, variant } from './test-support/base-issues.js';

type Json = Record<string, unknown>;
type Mutation = (r: Json) => void;

const valid: Json = {
  resourceType: 'List',
  id: 'ra-list',
  contained: [
    {
      resourceType: 'Condition',
      id: 'impairment',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-ConditionCodeRA', code: 'learning' }] },
      subject: { reference: 'Patient/p1' },
    },
  ],
  status: 'current',
  mode: 'working',
  title: 'Reasonable adjustments',
  code: { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient', code: 'national-reasonable-adjustment-flag' }] },
  subject: { reference: 'Patient/p1' },
  date: '2024-01-01T11:00:00Z',
  entry: [
    { item: { reference: '#impairment' }, date: '2024-01-01T11:00:00Z' },
    { item: { reference: 'Flag/RA-Flag-Example' }, flag: { text: 'new' } },
  ],
};

const cases: [string, Mutation, string, string][] = [
  ['status not allowed', (r) => { r.status = 'active'; }, 'base.required-binding', 'List.status'],
  ['mode missing', (r) => { delete r.mode; }, 'base.required-missing', 'List.mode'],
  ['mode not allowed', (r) => { r.mode = 'live'; }, 'base.required-binding', 'List.mode'],
  ['an emptyReason on a list with entries (lst-1)', (r) => { r.emptyReason = { text: 'none' }; }, 'base.invariant', 'List.emptyReason'],
  ['a deleted entry outside changes mode (lst-2)', (r) => { at(r, 'entry', 1).deleted = true; }, 'base.invariant', 'List.entry[1].deleted'],
  ['an entry date outside working mode (lst-3)', (r) => { r.mode = 'snapshot'; }, 'base.invariant', 'List.entry[0].date'],
  ['an entry without item', (r) => { delete at(r, 'entry', 1).item; }, 'base.required-missing', 'List.entry[1].item'],
  ['an entry item to a contained resource that is not there', (r) => { list(r, 'entry').push({ item: { reference: '#nothing' } }); }, 'contained.unresolved', 'List.entry[2].item.reference'],
  ['a contained resource nobody references (dom-3)', (r) => { at(r, 'entry', 0, 'item').reference = 'Condition/c1'; }, 'contained.unreferenced', 'List.contained[0]'],
  ['a subject pointing at a Flag', (r) => { r.subject = { reference: 'Flag/f' }; }, 'base.reference-target', 'List.subject.reference'],
  ['a defect in the contained Condition', (r) => { at(r, 'contained', 0, 'clinicalStatus', 'coding', 0).code = 'on'; }, 'base.required-binding', 'List.contained[0].clinicalStatus'],
  ['an entry date in the wrong format', (r) => { at(r, 'entry', 0).date = '2024-01-01 11:00'; }, 'base.primitive-format', 'List.entry[0].date'],
];

describe('base rules for List', () => {
  it('pass a valid List with a contained Condition referenced from an entry', () => {
    expect(baseIssues(valid)).toEqual([]);
  });

  it.each(cases)('report %s once', (_name, mutate, id, expression) => {
    expect(baseIssues(variant(valid, mutate))).toEqual([{ id, expression }]);
  });

  it('allow an emptyReason on an empty list and deleted entries in changes mode', () => {
    const empty = { resourceType: 'List', status: 'current', mode: 'snapshot', emptyReason: { text: 'nil known' } };
    expect(baseIssues(empty)).toEqual([]);
    const changes = variant(valid, (l) => {
      l.mode = 'changes';
      delete at(l, 'entry', 0).date;
      at(l, 'entry', 1).deleted = true;
    });
    expect(baseIssues(changes)).toEqual([]);
  });
});
