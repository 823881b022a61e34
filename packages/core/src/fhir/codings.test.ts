import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { codeSystem } from '../terminology/index.js';
import { coding, readCodings } from './codings.js';

describe('coding', () => {
  it.each([
    [codeSystem.flagCategoryRA, 'communication-support', undefined, 'Communication support'],
    ['http://snomed.info/sct', '441092009', undefined, 'Does lip read'],
    ['http://snomed.info/sct', '1', undefined, undefined],
    ['http://snomed.info/sct', '1', 'Given', 'Given'],
  ])('%s|%s gets the shipped display (or the given one)', (system, code, given, display) => {
    expect(coding(system, code, given)).toEqual(display === undefined ? { system, code } : { system, code, display });
  });
});

describe('readCodings', () => {
  it('reads https://snomed.info/sct as SNOMED CT, warns, and skips codings without system or code', () => {
    const issues: OperationOutcomeIssue[] = [];
    const read = readCodings({ coding: [{ code: 'x' }, { system: 'https://snomed.info/sct', code: '441092009', display: 'Does lip read' }] }, 'Flag.code', issues);
    expect(read).toEqual([{ system: 'http://snomed.info/sct', code: '441092009', display: 'Does lip read', at: 'Flag.code.coding[1]' }]);
    expect(issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`)).toEqual(['terminology.snomed-https Flag.code.coding[1].system']);
  });

  it.each([[undefined], ['text'], [{ coding: 'not an array' }]])('reads nothing from %j', (value) => {
    expect(readCodings(value, 'X', [])).toEqual([]);
  });
});
