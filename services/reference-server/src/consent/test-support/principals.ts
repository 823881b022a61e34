/** Callers for the decision tests: every kind of client the server knows. */
import type { ClientPrincipal } from '../../auth/principal.js';

export const LHCRE_ODS = 'YHCR1';
export const OTHER_LHCRE_ODS = 'OL001';
export const OWN_ODS = 'A1B2C';
export const ELSEWHERE_ODS = 'Z9Y8X';

export type ClientCase =
  | 'auditor'
  | 'lhcre'
  | 'clinical-app'
  | 'clinical-no-role'
  | 'clinical-B0264'
  | 'clinical-B0257'
  | 'clinical-B0380'
  | 'clinical-B0257-B0380';
export const clientCases: readonly ClientCase[] = [
  'auditor',
  'lhcre',
  'clinical-app',
  'clinical-no-role',
  'clinical-B0264',
  'clinical-B0257',
  'clinical-B0380',
  'clinical-B0257-B0380',
];

export type BreakGlassCase = 'none' | 'valid' | 'no-etreat' | 'blank-reason';
export const breakGlassCases: readonly BreakGlassCase[] = ['none', 'valid', 'no-etreat', 'blank-reason'];

const ACTIVITIES: Partial<Record<ClientCase, string[]>> = {
  'clinical-no-role': ['B0172'],
  'clinical-B0264': ['B0264'],
  'clinical-B0257': ['B0257'],
  'clinical-B0380': ['B0380'],
  'clinical-B0257-B0380': ['B0257', 'B0380'],
};

/** A caller of that kind, at `OWN_ODS` for clinical systems, declaring break-glass as asked. */
export function principalFor(client: ClientCase, breakGlass: BreakGlassCase = 'none'): ClientPrincipal {
  const clientKind = client === 'auditor' || client === 'lhcre' ? client : 'clinical-system';
  const activities = ACTIVITIES[client];
  return {
    kind: 'client',
    clientId: client === 'lhcre' ? 'lhcre-yhcr' : `client-${client}`,
    clientKind,
    organisation: client === 'lhcre' ? { odsCode: LHCRE_ODS, name: 'YHCR' } : { odsCode: OWN_ODS, name: 'Own' },
    scope: 'system/*.rs',
    user: activities === undefined ? undefined : { id: 'user-1', activities },
    purposeOfUse: breakGlass === 'valid' || breakGlass === 'blank-reason' ? 'ETREAT' : 'TREAT',
    breakGlass: breakGlass === 'none' ? undefined : { reason: breakGlass === 'blank-reason' ? '  ' : 'Unconscious in A&E' },
    tokenId: 'jti-1',
  };
}
