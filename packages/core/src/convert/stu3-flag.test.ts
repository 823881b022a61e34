import { describe, expect, it } from 'vitest';
import { readStu3Flag } from './stu3-flag.js';
import { nationalFixtureObject } from './test-support/national-fixture.js';
import {
  categoryExtension,
  EXT,
  flag,
  issueSummary,
  NHS_NUMBER,
  provenance,
  RECORDED,
  removalReasonExtension,
} from './test-support/stu3-builders.js';

describe('readStu3Flag', () => {
  it('reads fixture 01: the adjustment, the normalised SNOMED system, and no patient', () => {
    const reading = readStu3Flag(nationalFixtureObject('01-flag-stu3-RARecord-Flag-1-example-1.json'), 'Flag');
    expect(reading.patient).toBeUndefined();
    expect(reading.adjustment?.value).toEqual({
      category: 'communication-support',
      code: '796161000000101',
      recorded: RECORDED,
    });
    expect(issueSummary(reading.issues)).toEqual([['mapping.normalised', 'information', 'Flag.code.coding[0].system']]);
  });

  it('records where every field came from', () => {
    const reading = readStu3Flag(flag({ extension: [categoryExtension('001'), { url: EXT.notes, valueAnnotation: { text: 'n' } }] }), 'Flag');
    expect(reading.patient).toEqual({ nhsNumber: NHS_NUMBER, expression: 'Flag.subject.reference' });
    expect(reading.adjustment?.expression).toBe('Flag');
    expect(Object.fromEntries(reading.adjustment?.sources ?? [])).toMatchObject({
      '': 'Flag',
      category: 'Flag.extension[0].value.ofType(CodeableConcept).coding[0].code',
      code: 'Flag.code.coding[0].code',
      notes: 'Flag.extension[1].value.ofType(Annotation).text',
      recorded: 'Flag.contained[0]',
      'recorded.role': 'Flag.contained[0].agent[0].role[0].coding[0]',
    });
  });

  it.each([
    ['1', 'communication-support'],
    ['001', 'communication-support'],
    ['6', 'community-language-support'],
    ['006', 'community-language-support'],
    ['10', 'adjustments-to-support-additional-needs'],
    ['010', 'adjustments-to-support-additional-needs'],
  ])('reads adjustment category %s as %s', (code, slug) => {
    const reading = readStu3Flag(flag({ extension: [categoryExtension(code)] }), 'Flag');
    expect(reading.adjustment?.value.category).toBe(slug);
  });

  it.each(['11', '011'])('reads bespoke category %s with its code.text', (code) => {
    const reading = readStu3Flag(
      flag({ extension: [categoryExtension(code)], code: { coding: [{ system: 'http://snomed.info/sct', code: '1108111000000107' }], text: 'Quiet room' } }),
      'Flag',
    );
    expect(reading.adjustment?.value).toEqual({ category: 'bespoke-reasonable-adjustments', description: 'Quiet room', recorded: RECORDED });
  });

  it('carries the notes extension as notes', () => {
    const reading = readStu3Flag(
      flag({ extension: [categoryExtension('001'), { url: EXT.notes, valueAnnotation: { text: 'Large print too' } }] }),
      'Flag',
    );
    expect(reading.adjustment?.value.notes).toBe('Large print too');
    expect(reading.issues).toEqual([]);
  });

  it.each([
    ['inactive', [['mapping.not-carried', 'warning', 'Flag.status']]],
    ['entered-in-error', [['mapping.not-carried', 'warning', 'Flag.status']]],
    ['resolved', [['mapping.not-carried', 'error', 'Flag.status']]],
    [undefined, [['mapping.not-carried', 'error', 'Flag.status']]],
  ])('does not carry a Flag with status %s', (status, issues) => {
    const reading = readStu3Flag(flag({ status, extension: [categoryExtension('001'), removalReasonExtension('Error', 'x')] }), 'Flag');
    expect(reading.adjustment).toBeUndefined();
    expect(reading.patient?.nhsNumber).toBe(NHS_NUMBER);
    expect(issueSummary(reading.issues)).toEqual(issues);
  });

  it.each([
    ['no category extension', [], "Flag.extension.where(url='https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-AdjustmentCategory-1')"],
    ['category 12', [categoryExtension('12')], 'Flag.extension[0].value.ofType(CodeableConcept).coding[0].code'],
    ['a category with no coding', [{ url: EXT.category, valueCodeableConcept: { text: 'x' } }], 'Flag.extension[0].value.ofType(CodeableConcept)'],
  ])('does not carry an adjustment with %s', (_label, extension, expression) => {
    const reading = readStu3Flag(flag({ extension }), 'Flag');
    expect(reading.adjustment).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'error', expression]]);
  });

  it('reports the retired provenance extension, a stray removal reason, unknown extensions and contained resources', () => {
    const reading = readStu3Flag(
      flag({
        contained: [{ resourceType: 'Practitioner', id: 'p' }, provenance()],
        extension: [
          { url: EXT.provenance, extension: [{ url: 'created', valueReference: { reference: '#prov-1' } }] },
          categoryExtension('001'),
          removalReasonExtension('Error', 'x'),
          { url: 'http://example.org/colour', valueString: 'x' },
          categoryExtension('002'),
        ],
        period: { start: '2020' },
      }),
      'Flag',
    );
    expect(reading.adjustment?.value.category).toBe('communication-support');
    expect(issueSummary(reading.issues)).toEqual([
      ['mapping.not-carried', 'warning', 'Flag.period'],
      ['mapping.not-carried', 'warning', 'Flag.extension[0]'],
      ['mapping.not-carried', 'warning', 'Flag.extension[2]'],
      ['mapping.not-carried', 'warning', 'Flag.extension[3]'],
      ['mapping.not-carried', 'warning', 'Flag.extension[4]'],
      ['mapping.not-carried', 'warning', 'Flag.contained[0]'],
    ]);
  });

  it('does not carry a Flag with a modifierExtension', () => {
    const reading = readStu3Flag(flag({ modifierExtension: [{ url: 'http://x', valueBoolean: true }] }), 'Flag');
    expect(reading.adjustment).toBeUndefined();
    expect(issueSummary(reading.issues)).toEqual([['mapping.not-carried', 'error', 'Flag.modifierExtension']]);
  });

  it('does not carry an adjustment without a Provenance unless the caller gives a default', () => {
    const without = readStu3Flag(flag({ contained: undefined }), 'Flag');
    expect(without.adjustment).toBeUndefined();
    expect(issueSummary(without.issues)).toEqual([['mapping.not-carried', 'error', 'Flag.contained']]);
    const fallback = { organisation: { odsCode: 'X26' }, role: RECORDED.role, when: '2024-05-01T09:00:00Z' };
    const withDefault = readStu3Flag(flag({ contained: undefined }), 'Flag', { recordedFallback: fallback });
    expect(withDefault.adjustment?.value.recorded).toBe(fallback);
  });

  it('reads the subject from a Bundle entry path', () => {
    const reading = readStu3Flag(flag(), 'Bundle.entry[2].resource');
    expect(reading.patient?.expression).toBe('Bundle.entry[2].resource.subject.reference');
    expect(reading.adjustment?.expression).toBe('Bundle.entry[2].resource');
  });
});
