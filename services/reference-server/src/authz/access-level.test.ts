import { describe, expect, it } from 'vitest';
import type { ClientKind, ClientPrincipal, EndUser } from '../auth/principal.js';
import { accessLevel, atLeast, mayWrite, type AccessLevel } from './access-level.js';

function principal(clientKind: ClientKind, activities?: string[]): ClientPrincipal {
  const user: EndUser | undefined = activities === undefined ? undefined : { id: 'u1', activities };
  return {
    kind: 'client',
    clientId: 'c1',
    clientKind,
    organisation: { odsCode: 'A1B2C', name: 'Org' },
    scope: 'user/*.cruds',
    user,
    purposeOfUse: 'TREAT',
    tokenId: 'jti-1',
  };
}

describe('accessLevel and mayWrite', () => {
  const table: [string, ClientKind, string[] | undefined, AccessLevel, boolean][] = [
    ['receptionist (B0264)', 'clinical-system', ['B0264'], 'existence', false],
    ['clinician (B0257)', 'clinical-system', ['B0257'], 'details', false],
    ['flag manager (B0380)', 'clinical-system', ['B0380'], 'manage', true],
    ['highest wins', 'clinical-system', ['B0264', 'B0380', 'B0257'], 'manage', true],
    ['details over existence', 'clinical-system', ['B0264', 'B0257'], 'details', false],
    ['unrelated activities only', 'clinical-system', ['B0172', 'B0401'], 'none', false],
    ['user with no activities', 'clinical-system', [], 'none', false],
    ['app-restricted clinical system', 'clinical-system', undefined, 'details', false],
    ['LHCRE', 'lhcre', undefined, 'details', false],
    ['LHCRE naming a B0380 user still cannot write', 'lhcre', ['B0380'], 'details', false],
    ['auditor', 'auditor', undefined, 'none', false],
    ['auditor naming a B0380 user', 'auditor', ['B0380'], 'none', false],
  ];
  it.each(table)('%s', (_name, kind, activities, level, write) => {
    const p = principal(kind, activities);
    expect(accessLevel(p)).toBe(level);
    expect(mayWrite(p)).toBe(write);
  });
});

describe('atLeast', () => {
  it.each([
    ['manage', 'details', true],
    ['details', 'details', true],
    ['existence', 'details', false],
    ['none', 'existence', false],
    ['existence', 'existence', true],
    ['details', 'manage', false],
  ] as const)('%s reaches %s: %s', (level, needed, expected) => {
    expect(atLeast(level, needed)).toBe(expected);
  });
});
