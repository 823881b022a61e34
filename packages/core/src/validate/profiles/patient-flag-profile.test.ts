import { describe, expect, it } from 'vitest';
import { gen2Extension } from '../../canonical.js';
import { codeSystem } from '../../terminology/index.js';
import { setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import { entry, validResource } from '../test-support/valid-bundle.js';
import { gen3PatientFlagProfile } from './patient-flag-profile.js';

type Edit = (flag: Record<string, unknown>) => void;

describe('England-Flag-PatientFlag', () => {
  it('accepts the valid PatientFlag', () => {
    expect(runProfile(gen3PatientFlagProfile, validResource(entry.patientFlag))).toEqual([]);
  });

  it.each<[string, Edit, string, string, string]>([
    ['a flag type outside England-FlagCategoryPatient', (f) => setAt(f, 'code.coding[0].code', 'NRAF'), 'profile.code-not-in-valueset', 'Flag.code.coding[0].code', 'error'],
    ['the Gen 2 flag-type system', (f) => setAt(f, 'code.coding[0]', { system: codeSystem.patientFlagCategory, code: 'NRAF' }), 'profile.code-wrong-system', 'Flag.code.coding[0].system', 'error'],
    ['a SNOMED code where the flag type belongs (§7 item 4)', (f) => setAt(f, 'code.coding[0]', { system: 'http://snomed.info/sct', code: '1082681000000103' }), 'profile.code-not-in-valueset', 'Flag.code.coding[0].system', 'error'],
    ['a flag type in text only', (f) => setAt(f, 'code', { text: 'RA flag' }), 'profile.code-not-in-valueset', 'Flag.code', 'error'],
    ['the Gen 3 examples\' display with an extra "s"', (f) => setAt(f, 'code.coding[0].display', 'National Reasonable Adjustments Flag'), 'profile.display-mismatch', 'Flag.code.coding[0].display', 'warning'],
    ['the Gen 2 notes extension url', (f) => setAt(f, 'extension', [{ url: gen2Extension.flagNotes, valueAnnotation: { text: 'x' } }]), 'profile.extension-url-old', 'Flag.extension[0].url', 'warning'],
  ])('reports %s once', (_name, edit, id, expression, severity) => {
    const flag = validResource(entry.patientFlag);
    edit(flag);
    expect(runProfile(gen3PatientFlagProfile, flag)).toEqual([[id, expression, severity]]);
  });

  it('accepts the other national flag types: the profile is shared with FGM and CP-IS', () => {
    const flag = validResource(entry.patientFlag);
    setAt(flag, 'code.coding[0]', { system: codeSystem.flagCategoryPatient, code: 'female-genital-mutilation-flag' });
    expect(runProfile(gen3PatientFlagProfile, flag)).toEqual([]);
  });

  it('leaves a missing code to the base rules (Flag.code is 1..1 in R4)', () => {
    const flag = validResource(entry.patientFlag);
    delete flag.code;
    expect(runProfile(gen3PatientFlagProfile, flag)).toEqual([]);
  });
});
