import { describe, expect, it } from 'vitest';
import type { Interaction } from '../http/route-def.js';
import { parseScopes, permissionsFor, permittedTypes, scopeAllows } from './smart-scope.js';

const letters = (scope: string, type: string) => [...permissionsFor(scope, type)].sort().join('');

describe('parseScopes', () => {
  it.each([
    ['system/Flag.read', 'Flag', 'rs'],
    ['system/Flag.write', 'Flag', 'cdu'],
    ['system/Flag.*', 'Flag', 'cdrsu'],
    ['user/Flag.read', 'Flag', 'rs'],
    ['system/Flag.rs', 'Flag', 'rs'],
    ['system/Flag.r', 'Flag', 'r'],
    ['system/Flag.cud', 'Flag', 'cdu'],
    ['system/*.cruds', 'Consent', 'cdrsu'],
    ['user/*.rs', 'Condition', 'rs'],
    ['system/Flag.rs system/Flag.c', 'Flag', 'crs'],
    ['system/Flag.rs  system/Consent.cud', 'Consent', 'cdu'],
  ])('%s grants %s the letters %s', (scope, type, expected) => {
    expect(letters(scope, type)).toBe(expected);
  });

  it.each([
    ['patient/Flag.read', 'patient context is not supported'],
    ['patient/*.cruds', 'patient context is not supported'],
    ['system/Flag.sr', 'out of order'],
    ['system/Flag.dus', 'out of order'],
    ['system/Flag.rr', 'repeated letter'],
    ['system/Flag.', 'empty suffix'],
    ['system/Flag.x', 'unknown letter'],
    ['system/Flag.rs?category=NRAF', 'parameter restriction we cannot enforce'],
    ['system/flag.rs', 'lower-case type'],
    ['openid fhirUser launch/patient', 'not resource scopes'],
    ['SYSTEM/Flag.rs', 'context is case-sensitive'],
    ['system/Flag.READ', 'v1 alias is case-sensitive'],
    ['', 'empty scope string'],
  ])('%s grants nothing (%s)', (scope) => {
    expect(parseScopes(scope)).toEqual([]);
    expect(letters(scope, 'Flag')).toBe('');
  });

  it('keeps the scopes it understands next to ones it ignores', () => {
    expect(parseScopes('patient/Flag.read system/Condition.rs junk')).toEqual([
      { context: 'system', resourceType: 'Condition', permissions: new Set(['r', 's']) },
    ]);
  });

  it('does not carry a grant on one type over to another', () => {
    expect(letters('system/Flag.cruds', 'Consent')).toBe('');
  });
});

describe('scopeAllows', () => {
  const table: [string, string, Interaction, boolean][] = [
    ['system/Flag.r', 'Flag', 'read', true],
    ['system/Flag.r', 'Flag', 'vread', true],
    ['system/Flag.r', 'Flag', 'history-instance', true],
    ['system/Flag.r', 'Flag', 'search-type', false],
    ['system/Flag.r', 'Flag', 'history-type', false],
    ['system/Flag.s', 'Flag', 'search-type', true],
    ['system/Flag.s', 'Flag', 'history-type', true],
    ['system/Flag.s', 'Flag', 'read', false],
    ['system/Flag.rs', 'Flag', 'create', false],
    ['system/Flag.rs', 'Flag', 'update', false],
    ['system/Flag.rs', 'Flag', 'delete', false],
    ['system/Flag.c', 'Flag', 'create', true],
    ['system/Flag.u', 'Flag', 'update', true],
    ['system/Flag.d', 'Flag', 'delete', true],
    ['system/Flag.cu', 'Flag', 'delete', false],
    ['system/Flag.write', 'Flag', 'create', true],
    ['system/Flag.write', 'Flag', 'read', false],
    ['system/Flag.read', 'Consent', 'read', false],
    ['system/*.read', 'Consent', 'read', true],
    ['user/Consent.write', 'Consent', 'update', true],
    ['patient/Flag.read', 'Flag', 'read', false],
    ['system/Flag.rs', 'Flag', 'patient-flag-read', true],
    ['system/Flag.r', 'Flag', 'patient-flag-read', false],
    ['system/Flag.s', 'Flag', 'patient-flag-read', false],
    ['system/Flag.rs', 'Patient', 'patient-flag-read', true],
    ['system/Patient.rs', 'Patient', 'patient-flag-read', false],
    ['system/Patient.rs', 'Flag', 'validate', true],
    ['', 'Flag', 'validate', true],
    ['', '', 'capabilities', true],
    ['system/Flag.rs', 'Bundle', 'transaction', true],
    ['system/Flag.rs', 'Bundle', 'patient-flag-transaction', true],
  ];
  it.each(table)('%s on %s for %s → %s', (scope, type, interaction, expected) => {
    expect(scopeAllows(scope, type, interaction)).toBe(expected);
  });
});

describe('permittedTypes', () => {
  it('lists the named types that carry the permission', () => {
    const read = permittedTypes('system/Flag.rs system/Condition.s system/Consent.r', 'r');
    expect(read.all).toBe(false);
    expect([...read.types].sort()).toEqual(['Consent', 'Flag']);
    expect(read.includes('Flag')).toBe(true);
    expect(read.includes('Condition')).toBe(false);
    expect(read.includes('Provenance')).toBe(false);
  });

  it('a wildcard grants every type', () => {
    const read = permittedTypes('system/*.rs', 'r');
    expect(read.all).toBe(true);
    expect(read.includes('Provenance')).toBe(true);
  });

  it('a wildcard without the permission grants nothing', () => {
    const read = permittedTypes('system/*.cud', 'r');
    expect(read.all).toBe(false);
    expect(read.includes('Flag')).toBe(false);
  });
});
