import { describe, expect, it } from 'vitest';
import { readStu3Condition } from './stu3-condition.js';
import { containedOf } from './stu3-recorded.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import { condition, CS, EXT, issueSummary, NHS_NUMBER, provenance, RECORDED } from './test-support/stu3-builders.js';

/** A stand-alone Condition with its own contained Provenance. */
const standAlone = (overrides: Record<string, unknown> = {}) => condition({ contained: [provenance()], ...overrides });
const sct = (code: string, display?: string, system = 'http://snomed.info/sct') => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
});

describe('readStu3Condition', () => {
  it('reads the national Condition example: impairment 5 (learning), recorded, and no patient', () => {
    const reading = readStu3Condition(
      nationalFixtureObject('extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json'),
      'Condition',
    );
    expect(reading.patient).toBeUndefined();
    expect(reading.impairment?.value).toEqual({ code: 'learning', recorded: RECORDED });
    expect(reading.underlyingCondition).toBeUndefined();
    expect(reading.issues).toEqual([]);
  });

  it.each([
    ['1', 'vision'],
    ['7', 'mental-health'],
    ['9', 'social'],
    ['12', 'patient-would-prefer-not-to-say'],
  ])('reads impairment code %s as %s', (code, slug) => {
    const reading = readStu3Condition(standAlone({ code: { coding: [{ system: CS.conditionCode, code }] } }), 'Condition');
    expect(reading.impairment?.value.code).toBe(slug);
    expect(reading.patient).toEqual({ nhsNumber: NHS_NUMBER, expression: 'Condition.subject.reference' });
  });

  it('carries the note of "other" (10) as its text', () => {
    const reading = readStu3Condition(
      standAlone({ code: { coding: [{ system: CS.conditionCode, code: '10' }] }, note: [{ text: 'Chronic pain', time: '2020-01-01' }] }),
      'Condition',
    );
    expect(reading.impairment?.value).toEqual({ code: 'other', text: 'Chronic pain', recorded: RECORDED });
    expect(reading.impairment?.sources.get('text')).toBe('Condition.note[0].text');
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'Condition.note[0].time']]);
  });

  it('prefers code.text to the note for the impairment text', () => {
    const reading = readStu3Condition(
      standAlone({ code: { coding: [{ system: CS.conditionCode, code: '10' }], text: 'Pain' }, note: [{ text: 'n1' }, { text: 'n2' }] }),
      'Condition',
    );
    expect(reading.impairment?.value.text).toBe('Pain');
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Condition.note[1]'],
      ['mapping.not-carried', 'warning', 'Condition.note[0]'],
    ]);
  });

  it.each([
    ['11 (there is none)', '11'],
    ['the 2020 code 01', '01'],
    ['the legacy ZZ', 'ZZ'],
    ['a SNOMED CT id under the impairment system', '1855002'],
  ])('does not carry impairment code %s', (_label, code) => {
    const reading = readStu3Condition(standAlone({ code: { coding: [{ system: CS.conditionCode, code }] } }), 'Condition');
    expect(reading.impairment).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'error', 'Condition.code.coding[0].code']]);
  });

  it('reads a SNOMED CT condition as an underlying condition, normalising https', () => {
    const reading = readStu3Condition(
      standAlone({ code: sct('73618009', 'Autistic spectrum disorder with isolated skills', 'https://snomed.info/sct'), note: [{ text: 'n' }] }),
      'Condition',
    );
    expect(reading.underlyingCondition?.value).toEqual({
      code: '73618009',
      display: 'Autistic spectrum disorder with isolated skills',
      recorded: RECORDED,
    });
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.normalised', 'information', 'Condition.code.coding[0].system'],
      ['mapping.not-carried', 'warning', 'Condition.note[0]'],
    ]);
  });

  it('reports the SNOMED CT coding beside an impairment code as not carried', () => {
    const code = { coding: [{ system: CS.conditionCode, code: '5' }, { system: 'http://snomed.info/sct', code: '1855002' }] };
    const reading = readStu3Condition(standAlone({ code }), 'Condition');
    expect(reading.impairment?.value.code).toBe('learning');
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'Condition.code.coding[1]']]);
  });

  it('does not carry the Equality Act threshold condition, which R4 has no place for', () => {
    const reading = readStu3Condition(standAlone({ code: sct('1326341000000105') }), 'Condition');
    expect(reading.underlyingCondition).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'Condition.code.coding[0].code']]);
  });

  it.each(['inactive', 'remission', 'resolved'])('does not carry a %s condition', (clinicalStatus) => {
    const reading = readStu3Condition(standAlone({ clinicalStatus, extension: [{ url: EXT.removalReason, extension: [] }] }), 'Condition');
    expect(reading.impairment).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'warning', 'Condition.clinicalStatus']]);
  });

  it('does not carry a condition coded in neither system', () => {
    const reading = readStu3Condition(standAlone({ code: { coding: [{ system: 'http://read.info/ctv3', code: 'X' }] } }), 'Condition');
    expect(reading.impairment).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Condition.code.coding[0]'],
      ['mapping.not-carried', 'error', 'Condition.code'],
    ]);
  });

  it('uses a Provenance the List holds for it', () => {
    const { provenances } = containedOf({ contained: [provenance()] }, 'List');
    const reading = readStu3Condition(condition(), 'List.contained[0]', {}, provenances);
    expect(reading.impairment?.value.recorded).toEqual(RECORDED);
    expect(reading.impairment?.sources.get('recorded.when')).toBe('List.contained[0].recorded');
  });

  it('reports elements STU3 forbade and the retired provenance extension', () => {
    const reading = readStu3Condition(
      standAlone({ verificationStatus: 'confirmed', extension: [{ url: EXT.provenance, extension: [] }] }),
      'Condition',
    );
    expect(reading.impairment).toBeDefined();
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Condition.verificationStatus'],
      ['mapping.not-carried', 'warning', 'Condition.extension[0]'],
    ]);
  });
});
