import { describe, expect, it } from 'vitest';
import { grantScope, parseSmartScope } from './scope-grant.js';

describe('parseSmartScope', () => {
  it.each([
    ['system/Flag.read', 'system', 'Flag', 'rs'],
    ['system/Flag.write', 'system', 'Flag', 'cud'],
    ['system/*.*', 'system', '*', 'cruds'],
    ['user/Consent.cruds', 'user', 'Consent', 'cruds'],
    ['patient/Flag.rs', 'patient', 'Flag', 'rs'],
  ])('reads %s', (raw, context, resourceType, permissions) => {
    const parsed = parseSmartScope(raw);
    expect(parsed).toMatchObject({ context, resourceType });
    expect([...(parsed?.permissions ?? [])].sort().join('')).toBe([...permissions].sort().join(''));
  });

  it.each(['system/Flag.dus', 'system/Flag.', 'openid', 'system/Flag.rs?category=NRAF', 'admin/Flag.read', 'system/flag.read'])('does not understand %s', (raw) => {
    expect(parseSmartScope(raw)).toBeUndefined();
  });
});

describe('grantScope', () => {
  const lhcre = ['system/Flag.rs', 'system/Condition.rs', 'system/Consent.rs'];

  it.each([
    ['no scope parameter grants every registered scope', undefined, lhcre, 'system/Flag.rs system/Condition.rs system/Consent.rs'],
    ['an empty scope parameter grants every registered scope', '  ', lhcre, 'system/Flag.rs system/Condition.rs system/Consent.rs'],
    ['a wildcard registration covers a concrete request', 'system/Flag.rs', ['system/*.rs'], 'system/Flag.rs'],
    ['a v1 request is granted under a v2 registration in its own spelling', 'system/Flag.read', ['system/Flag.cruds'], 'system/Flag.read'],
    ['a v2 request is granted under a v1 registration', 'system/Flag.rs', ['system/Flag.read'], 'system/Flag.rs'],
    ['a broader request is narrowed, never widened (A20)', 'system/*.cruds', lhcre, 'system/Flag.rs system/Condition.rs system/Consent.rs'],
    ['a write request against read registration keeps only what overlaps', 'system/Flag.cruds', ['system/Flag.read'], 'system/Flag.rs'],
    ['an undefined suffix is ignored, never granting d (A21)', 'system/Flag.dus system/Flag.rs', ['system/Flag.cruds'], 'system/Flag.rs'],
    ['scopes the server does not know are dropped', 'openid fhirUser system/Flag.rs', lhcre, 'system/Flag.rs'],
    ['duplicates collapse', 'system/Flag.rs system/Flag.rs', ['system/*.rs', 'system/Flag.rs'], 'system/Flag.rs'],
  ])('%s', (_name, requested, registered, expected) => {
    expect(grantScope(requested, registered)).toEqual({ ok: true, scope: expected });
  });

  it.each([
    ['a scope outside the registration', 'system/Patient.rs', lhcre],
    ['a write scope for a read-only client', 'system/Flag.cud', lhcre],
    ['another context', 'user/Flag.rs', lhcre],
    ['only an undefined suffix', 'system/Flag.dus', ['system/Flag.cruds']],
  ])('refuses %s with invalid_scope', (_name, requested, registered) => {
    expect(grantScope(requested, registered)).toMatchObject({ ok: false, status: 400, error: 'invalid_scope', description: expect.stringContaining('system/Flag') });
  });
});
