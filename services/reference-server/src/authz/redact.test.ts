import { adjustmentToFlag, codeSystem, patientFlagFor, SDS_JOB_ROLE_SYSTEM, type Recorded } from '@raflag/core';
import type { Condition, Consent, Flag, Provenance } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import type { AccessLevel } from './access-level.js';
import { existenceView, isPatientFlag, SUBSETTED_TAG, viewAt, visibleAt } from './redact.js';

const recorded: Recorded = {
  practitioner: { sdsId: '123456789012', name: 'Dr Example' },
  organisation: { odsCode: 'A1B2C', name: 'Practice' },
  role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R0260' },
  when: '2026-01-01T10:00:00+00:00',
};
const patientRef = { reference: 'Patient/p1' };

function storedPatientFlag(): Flag {
  const flag = patientFlagFor(patientRef, [{ reference: 'Flag/adj1' }], recorded, { notes: 'Prefers a quiet room' });
  return {
    ...flag,
    id: 'pf1',
    meta: { ...flag.meta, versionId: '3', lastUpdated: '2026-02-01T00:00:00.000Z', tag: [{ system: 'urn:x', code: 'keep' }] },
    category: [{ coding: [{ system: codeSystem.flagCategoryPatient, code: 'national-reasonable-adjustment-flag' }] }],
    period: { start: '2026-01-01' },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Prefers a quiet room</div>' },
    author: { reference: 'Practitioner/x' },
  };
}

const adjustment = (): Flag =>
  adjustmentToFlag({ category: 'bespoke-reasonable-adjustments', description: 'Large print', recorded }, patientRef);
const gen2PatientFlag: Flag = {
  resourceType: 'Flag',
  status: 'active',
  code: { coding: [{ system: codeSystem.patientFlagCategory, code: 'NRAF' }] },
  subject: patientRef,
};
const condition: Condition = { resourceType: 'Condition', subject: patientRef };
const consent: Consent = { resourceType: 'Consent', status: 'active', scope: {}, category: [] };
const provenance: Provenance = { resourceType: 'Provenance', target: [patientRef], recorded: '2026-01-01T00:00:00Z', agent: [] };

describe('isPatientFlag', () => {
  it.each([
    ['a Gen 3 PatientFlag', storedPatientFlag(), true],
    ['a Gen 2 NRAF PatientFlag', gen2PatientFlag, true],
    ['an adjustment Flag (NRAF only as category)', adjustment(), false],
    ['an FGM flag', { ...gen2PatientFlag, code: { coding: [{ system: codeSystem.patientFlagCategory, code: 'FGM' }] } }, false],
    ['a Condition', condition, false],
    ['a Consent', consent, false],
    ['a Provenance', provenance, false],
    ['not an object', 'Flag', false],
    ['a Flag without code', { resourceType: 'Flag' }, false],
  ])('%s → %s', (_name, resource, expected) => {
    expect(isPatientFlag(resource)).toBe(expected);
  });
});

describe('existenceView', () => {
  it('keeps only what says the flag exists, tagged SUBSETTED', () => {
    const stored = storedPatientFlag();
    expect(existenceView(stored)).toEqual({
      resourceType: 'Flag',
      id: 'pf1',
      meta: {
        profile: stored.meta?.profile,
        versionId: '3',
        lastUpdated: '2026-02-01T00:00:00.000Z',
        tag: [{ system: 'urn:x', code: 'keep' }, SUBSETTED_TAG],
      },
      status: 'active',
      category: stored.category,
      code: stored.code,
      subject: patientRef,
      period: { start: '2026-01-01' },
    });
  });

  it('drops notes, flag-detail extensions, contained Provenance and narrative', () => {
    const view = JSON.stringify(existenceView(storedPatientFlag()));
    expect(view).not.toContain('quiet room');
    expect(view).not.toContain('Flag/adj1');
    expect(view).not.toContain('Provenance');
    expect(view).not.toContain('Dr Example');
    expect(view).not.toContain('author');
  });

  it('does not change the stored resource and tags only once', () => {
    const stored = storedPatientFlag();
    const before = structuredClone(stored);
    const twice = existenceView(existenceView(stored));
    expect(stored).toEqual(before);
    expect(twice.meta?.tag?.filter((t) => t.code === 'SUBSETTED')).toHaveLength(1);
  });

  it('adds meta when the flag had none', () => {
    expect(existenceView(gen2PatientFlag).meta).toEqual({ tag: [SUBSETTED_TAG] });
  });
});

describe('visibleAt and viewAt', () => {
  const resources = {
    patientFlag: storedPatientFlag(),
    adjustment: adjustment(),
    condition,
    consent,
    provenance,
  };
  const table: [AccessLevel, keyof typeof resources, 'hidden' | 'subsetted' | 'whole'][] = [
    ['none', 'patientFlag', 'hidden'],
    ['none', 'adjustment', 'hidden'],
    ['none', 'consent', 'hidden'],
    ['existence', 'patientFlag', 'subsetted'],
    ['existence', 'adjustment', 'hidden'],
    ['existence', 'condition', 'hidden'],
    ['existence', 'consent', 'hidden'],
    ['existence', 'provenance', 'hidden'],
    ['details', 'patientFlag', 'whole'],
    ['details', 'adjustment', 'whole'],
    ['details', 'condition', 'whole'],
    ['details', 'consent', 'whole'],
    ['manage', 'patientFlag', 'whole'],
    ['manage', 'provenance', 'whole'],
  ];
  it.each(table)('%s sees %s: %s', (level, name, expected) => {
    const resource = resources[name];
    expect(visibleAt(level, resource)).toBe(expected !== 'hidden');
    const view = viewAt(level, resource);
    if (expected === 'hidden') expect(view).toBeUndefined();
    if (expected === 'whole') expect(view).toBe(resource);
    if (expected === 'subsetted') expect(view).toEqual(existenceView(storedPatientFlag()));
  });
});
