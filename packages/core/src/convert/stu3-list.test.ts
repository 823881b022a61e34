import { describe, expect, it } from 'vitest';
import { readStu3List } from './stu3-list.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import { condition, CS, EXT, issueSummary, list, NHS_NUMBER, provenance, RECORDED, SDS_ROLE_SYSTEM } from './test-support/stu3-builders.js';

const provFor = (id: string, target: string, when: string = RECORDED.when) => provenance({ id, target: [{ reference: target }], recorded: when });
const entry = (id: string, deleted = false) => ({ deleted, item: { reference: `#${id}` } });

describe('readStu3List', () => {
  it('reads fixture 03: impairment 9 (social) with its note, recorded by the Provenance beside it', () => {
    const reading = readStu3List(nationalFixtureObject('03-list-condition-stu3-api-createList.json'), 'List');
    expect(reading.patients).toEqual([
      { nhsNumber: NHS_NUMBER, expression: 'List.subject.reference' },
      { nhsNumber: NHS_NUMBER, expression: 'List.contained[0].subject.reference' },
    ]);
    expect(reading.impairments.map((i) => i.value)).toEqual([
      {
        code: 'social',
        text: 'Some notes',
        recorded: {
          practitioner: { sdsId: '093895563513', name: 'Healthchecks,Morning' },
          organisation: { odsCode: 'D82106', name: 'WEST POTTERGATE HLTH CTR (D82106)' },
          role: { system: SDS_ROLE_SYSTEM, code: 'R0050' },
          when: '2021-02-25T10:39:10+00:00',
        },
      },
    ]);
    expect(reading.impairments[0]?.expression).toBe('List.contained[0]');
    expect(reading.underlyingConditions).toEqual([]);
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'List.contained[0].extension[0]']]);
  });

  it('matches each Condition to its own Provenance by target, #id or the retired extension', () => {
    const byExtension = condition({
      id: 'c3',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '73618009' }] },
      extension: [{ url: EXT.provenance, extension: [{ url: 'created', valueReference: { reference: '#p3' } }] }],
    });
    const reading = readStu3List(
      list(
        [
          condition({ id: 'c1' }),
          provFor('p2', '#c2', '2020-02-02T00:00:00Z'),
          condition({ id: 'c2', code: { coding: [{ system: CS.conditionCode, code: '2' }] } }),
          provFor('p1', 'Condition/c1', '2020-01-01T00:00:00Z'),
          byExtension,
          provFor('p3', '#', '2020-03-03T00:00:00Z'),
        ],
        [entry('c1'), entry('c2'), entry('c3'), entry('p1')],
      ),
      'List',
    );
    expect(reading.impairments.map((i) => [i.value.code, i.value.recorded.when])).toEqual([
      ['learning', '2020-01-01T00:00:00Z'],
      ['hearing', '2020-02-02T00:00:00Z'],
    ]);
    expect(reading.underlyingConditions.map((i) => [i.value.code, i.value.recorded.when])).toEqual([['73618009', '2020-03-03T00:00:00Z']]);
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'List.contained[4].extension[0]']]);
  });

  it('does not carry a Condition whose entry is deleted, nor complain about its Provenance', () => {
    const reading = readStu3List(
      list([condition({ id: 'c1', clinicalStatus: 'inactive' }), provFor('p1', 'Condition/c1')], [entry('c1', true)]),
      'List',
    );
    expect(reading.impairments).toEqual([]);
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'List.entry[0].deleted']]);
  });

  it('reports Provenances, entries and contained resources that belong to nothing', () => {
    const reading = readStu3List(
      list(
        [condition({ id: 'c1' }), provFor('p1', 'Condition/c1'), provFor('p9', 'Condition/zz'), { resourceType: 'Practitioner', id: 'x' }],
        [entry('c1'), entry('gone'), { item: { reference: 'Condition/c1' }, flag: {} }],
      ),
      'List',
    );
    expect(reading.impairments).toHaveLength(1);
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'List.entry[2].flag'],
      ['mapping.not-carried', 'warning', 'List.entry[2]'],
      ['mapping.not-carried', 'warning', 'List.contained[3]'],
      ['mapping.not-carried', 'warning', 'List.entry[1]'],
      ['mapping.not-carried', 'warning', 'List.contained[2]'],
    ]);
  });

  it('does not carry anything from a List that is not current', () => {
    const reading = readStu3List(list([condition({ id: 'c1' }), provFor('p1', 'Condition/c1')], [entry('c1')], { status: 'retired' }), 'List');
    expect(reading.impairments).toEqual([]);
    expect(reading.patients).toHaveLength(1);
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'List.status']]);
  });

  it('names the patient of each Condition so that a mismatch can be caught', () => {
    const other = condition({ id: 'c1', subject: { reference: 'https://demographics.spineservices.nhs.uk/STU3/Patient/9434765919' } });
    const reading = readStu3List(list([other, provFor('p1', 'Condition/c1')], [entry('c1')]), 'List');
    expect(reading.patients.map((p) => p.nhsNumber)).toEqual([NHS_NUMBER, '9434765919']);
  });
});
