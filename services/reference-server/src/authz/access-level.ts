import { ACTIVITY, type ClientPrincipal } from '../auth/principal.js';

/**
 * What a caller may do with flag data: `none`, see that a flag exists (B0264), read its details
 * (B0257), or create, edit and remove it (B0380, which implies reading details).
 */
export type AccessLevel = 'none' | 'existence' | 'details' | 'manage';

const RANK: Readonly<Record<AccessLevel, number>> = { none: 0, existence: 1, details: 2, manage: 3 };

/** Whether `level` reaches at least `needed`. */
export const atLeast = (level: AccessLevel, needed: AccessLevel): boolean => RANK[level] >= RANK[needed];

function fromActivities(activities: readonly string[]): AccessLevel {
  if (activities.includes(ACTIVITY.manage)) return 'manage';
  if (activities.includes(ACTIVITY.readDetails)) return 'details';
  if (activities.includes(ACTIVITY.existence)) return 'existence';
  // Other activity codes (prescribing, referrals …) say nothing about the flag: no access.
  return 'none';
}

/**
 * The caller's level. A named user's activities decide for a clinical system (the highest wins).
 * Without a user, a clinical system or an LHCRE reads details but never writes: application-
 * restricted tokens carry no person to hold accountable, and NHS APIs refuse writes on them
 * (security.md 1.1). Auditors see the audit trail only, never clinical data.
 */
export function accessLevel(principal: ClientPrincipal): AccessLevel {
  switch (principal.clientKind) {
    case 'auditor':
      return 'none';
    case 'lhcre':
      return 'details';
    case 'clinical-system':
      return principal.user === undefined ? 'details' : fromActivities(principal.user.activities);
  }
}

/** Only B0380 holders acting through a clinical system write flag data. */
export const mayWrite = (principal: ClientPrincipal): boolean => accessLevel(principal) === 'manage';
