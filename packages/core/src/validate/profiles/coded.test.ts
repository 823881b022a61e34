import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { SNOMED } from '../../canonical.js';
import { codeSystem, valueSet } from '../../terminology/index.js';
import type { CodingAt } from '../json-read.js';
import { summarise } from '../test-support/issues.js';
import { checkCodings, type Binding } from './coded.js';
import { reporterFor } from './profile-report.js';

const coding = (system: string | undefined, code: string | undefined, display?: string, i = 0): CodingAt => ({
  system,
  code,
  display,
  path: `X.code.coding[${i}]`,
});

function run(codings: CodingAt[], binding: Binding) {
  const issues: OperationOutcomeIssue[] = [];
  const valid = checkCodings(codings, 'X.code', binding, reporterFor('http://example.org/p', issues));
  return { valid: valid?.code, issues: summarise(issues) };
}

const required: Binding = {
  valueSet: valueSet.englandFlagCategoryPatient,
  strength: 'required',
  foreign: new Map([[codeSystem.patientFlagCategory, codeSystem.flagCategoryPatient]]),
};
const extensible: Binding = { valueSet: valueSet.englandFlagConditionCode, strength: 'extensible', alsoAllowed: [SNOMED] };
const NRAF = 'national-reasonable-adjustment-flag';

describe('checkCodings', () => {
  it.each<[string, CodingAt[], Binding, string | undefined, unknown[]]>([
    ['a member', [coding(codeSystem.flagCategoryPatient, NRAF)], required, NRAF, []],
    ['a member after another coding', [coding('http://x', 'y'), coding(codeSystem.flagCategoryPatient, NRAF, undefined, 1)], required, NRAF, []],
    ['a member with a wrong display', [coding(codeSystem.flagCategoryPatient, NRAF, 'RA flag')], required, NRAF, [['profile.display-mismatch', 'X.code.coding[0].display', 'warning']]],
    ['an unknown code of the value set\'s system', [coding(codeSystem.flagCategoryPatient, 'nraf')], required, undefined, [['profile.code-not-in-valueset', 'X.code.coding[0].code', 'error']]],
    ['a system of another generation', [coding(codeSystem.patientFlagCategory, 'NRAF')], required, undefined, [['profile.code-wrong-system', 'X.code.coding[0].system', 'error']]],
    ['an unrelated system (required)', [coding('http://x', 'y')], required, undefined, [['profile.code-not-in-valueset', 'X.code.coding[0].system', 'error']]],
    ['text only (required)', [], required, undefined, [['profile.code-not-in-valueset', 'X.code', 'error']]],
    ['SNOMED CT where it is allowed besides the value set', [coding('https://snomed.info/sct', '408856003')], extensible, '408856003', []],
    ['a code a closed national code system lacks', [coding(codeSystem.conditionCodeRA, 'sight')], extensible, undefined, [['terminology.unknown-code', 'X.code.coding[0].code', 'error']]],
    ['an unrelated system (extensible)', [coding('http://x', 'y')], extensible, undefined, [['profile.code-not-in-extensible-valueset', 'X.code', 'warning']]],
    ['text only (extensible)', [], extensible, undefined, []],
  ])('judges %s', (_name, codings, binding, valid, issues) => {
    expect(run(codings, binding)).toEqual({ valid, issues });
  });
});
