import { ACTIVITY, type ClientPrincipal } from '../auth/principal.js';
import { accessLevel } from '../authz/access-level.js';
import { odsKey, partnerRule, type ConsentState } from './consent-state.js';
import type { SharingAgreement } from './sharing-agreements.js';

/**
 * Why a read was permitted or denied: stable codes for the audit trail (AuthZ-Consent events) and
 * tests. Each names the one rule below that decided.
 */
export type DecisionReason =
  // Auditors read the audit trail, never clinical data.
  | 'auditor-no-clinical-data'
  // LHCRE: the server's side of the data sharing agreement.
  | 'lhcre-no-agreement'
  | 'lhcre-agreement-mismatch'
  | 'lhcre-type-not-shared'
  // LHCRE: the patient's consent.
  | 'lhcre-consent-refused'
  | 'lhcre-consent-withdrawn'
  | 'lhcre-consent-denies-partner'
  | 'lhcre-opt-in-no-consent'
  | 'lhcre-opt-in-partner-not-named'
  | 'lhcre-opt-in-partner-permitted'
  | 'lhcre-opt-in-consent-permits-all'
  | 'lhcre-opt-out-no-objection'
  // Clinical systems.
  | 'clinical-no-flag-role'
  | 'clinical-direct-care'
  | 'clinical-consent-given'
  | 'clinical-consent-refused'
  | 'clinical-consent-withdrawn'
  | 'clinical-no-consent'
  | 'clinical-break-glass'
  | 'clinical-break-glass-not-allowed';

export interface Decision {
  readonly decision: 'permit' | 'deny';
  readonly reason: DecisionReason;
  /** The read is permitted only because of break-glass: audit it with an alert (DCM 110113/110127). */
  readonly breakGlass: boolean;
}

export interface DecideInput {
  readonly principal: ClientPrincipal;
  /** The patient's consent, from `readConsentState`. */
  readonly consent: ConsentState;
  /** The caller's sharing agreement when it is an LHCRE; undefined otherwise or when it has none. */
  readonly agreement: SharingAgreement | undefined;
  /** ODS codes of the organisations that recorded the patient's record (from its Provenance). */
  readonly recordingOrganisations: readonly string[];
  /** The resource type being read (`Flag`, `Condition`, `Consent`, `Patient`, `Provenance`). */
  readonly resourceType: string;
}

const permit = (reason: DecisionReason, breakGlass = false): Decision => ({ decision: 'permit', reason, breakGlass });
const deny = (reason: DecisionReason): Decision => ({ decision: 'deny', reason, breakGlass: false });

/**
 * LHCREs (DESIGN decision 9, security.md §4): the agreement must exist, be this client's, and
 * share this type; then the patient's consent decides in the agreement's mode. Refusal and
 * withdrawal always deny, as does a denial naming the LHCRE, in both modes. Break-glass never
 * applies: it is a clinician's decision at the point of care, and an LHCRE has no clinician.
 */
function decideLhcre(principal: ClientPrincipal, consent: ConsentState, agreement: SharingAgreement | undefined, resourceType: string): Decision {
  if (agreement === undefined) return deny('lhcre-no-agreement');
  // The agreement names the client and its organisation; a principal that differs is misconfigured.
  if (agreement.clientId !== principal.clientId || odsKey(agreement.organisation.odsCode) !== odsKey(principal.organisation.odsCode)) {
    return deny('lhcre-agreement-mismatch');
  }
  if (!(agreement.mayRead as readonly string[]).includes(resourceType)) return deny('lhcre-type-not-shared');
  if (consent.overall === 'refused') return deny('lhcre-consent-refused');
  if (consent.overall === 'withdrawn') return deny('lhcre-consent-withdrawn');
  const rule = partnerRule(consent, agreement.organisation.odsCode);
  if (rule === 'deny') return deny('lhcre-consent-denies-partner');
  if (agreement.mode === 'opt-out') return permit('lhcre-opt-out-no-objection');
  // Opt-in: share only under the patient's given consent, which either names this LHCRE in a
  // permit, or names no partner at all (a plain "yes, share my flag" permits every agreed LHCRE).
  if (consent.overall === 'none') return deny('lhcre-opt-in-no-consent');
  if (rule === 'permit') return permit('lhcre-opt-in-partner-permitted');
  if (!consent.hasPartnerProvisions) return permit('lhcre-opt-in-consent-permits-all');
  return deny('lhcre-opt-in-partner-not-named');
}

/**
 * Break-glass (security.md 3.6): declared with purpose of use ETREAT and a reason, by a named
 * user holding B0257 (read details). B0264 or B0380 alone does not qualify: the issue grants it
 * to B0257 holders, the role that reads clinical detail in an emergency.
 */
const breakGlassAllowed = (principal: ClientPrincipal): boolean =>
  principal.breakGlass !== undefined &&
  principal.breakGlass.reason.trim() !== '' &&
  principal.purposeOfUse === 'ETREAT' &&
  principal.user !== undefined &&
  principal.user.activities.includes(ACTIVITY.readDetails);

/**
 * Clinical systems (DESIGN decision 8): staff with a flag role at an organisation that recorded
 * the record see it for direct care. Anyone else providing care sees it while the consent is
 * given: the flag exists to be seen wherever the person is cared for (national model). Without
 * a given consent, only break-glass opens it.
 */
function decideClinical(principal: ClientPrincipal, consent: ConsentState, recordingOrganisations: readonly string[]): Decision {
  if (accessLevel(principal) === 'none') return deny('clinical-no-flag-role');
  const own = odsKey(principal.organisation.odsCode);
  if (recordingOrganisations.some((ods) => odsKey(ods) === own)) return permit('clinical-direct-care');
  if (consent.overall === 'given') return permit('clinical-consent-given');
  if (principal.breakGlass !== undefined) {
    return breakGlassAllowed(principal) ? permit('clinical-break-glass', true) : deny('clinical-break-glass-not-allowed');
  }
  switch (consent.overall) {
    case 'refused':
      return deny('clinical-consent-refused');
    case 'withdrawn':
      return deny('clinical-consent-withdrawn');
    case 'none':
      // No consent on file: a flag should not exist without one, so we do not assume it.
      return deny('clinical-no-consent');
  }
}

/**
 * The one sharing decision every read path asks, per patient and resource type. Pure: the caller
 * loads the consent, agreement and recording organisations; this only decides. Scopes and the
 * existence-only view are checked separately (authz/), so a permit here is not the whole answer.
 */
export function decide(input: DecideInput): Decision {
  const { principal, consent, agreement, recordingOrganisations, resourceType } = input;
  switch (principal.clientKind) {
    case 'auditor':
      return deny('auditor-no-clinical-data');
    case 'lhcre':
      return decideLhcre(principal, consent, agreement, resourceType);
    case 'clinical-system':
      return decideClinical(principal, consent, recordingOrganisations);
  }
}
