import type { AuditEvent, AuditEventEntity } from 'fhir/r4.js';
import type { ClientPrincipal } from '../auth/principal.js';
import { codes, purposeOfUseCoding, RAFLAG_CONSENT_POLICY } from './audit-codes.js';
import {
  auditSource,
  authorizerAgent,
  clientAgent,
  organisationAgent,
  patientEntity,
  present,
  serverAgent,
  tokenEntity,
  transactionEntity,
  userAgent,
  type AuditPatient,
  type AuditServer,
} from './audit-parts.js';

interface AlertInputBase {
  readonly principal: ClientPrincipal;
  readonly patient: AuditPatient;
  readonly requestId: string;
  readonly correlationId?: string | undefined;
  readonly network?: string | undefined;
  readonly server: AuditServer;
  readonly recorded: Date;
}

export interface ConsentDecisionAuditInput extends AlertInputBase {
  readonly decision: 'permit' | 'deny';
  /** The decision's reason code (`C10`, `opt-out-no-objection`, ...): it becomes outcomeDesc. */
  readonly reason: string;
  /** Logical ids of the Consent resources the decision rested on. */
  readonly consentIds: readonly string[];
  /**
   * When no Consent decided it (opt-out with no objection, opt-in with nothing on file), the
   * sharing policy that did: BALP wants at least one consent entity, and an auditor wants the basis.
   */
  readonly policy?: { readonly code: string; readonly display: string } | undefined;
}

/**
 * BALP AuthZconsent: the consent decision itself, as a Security Alert with action E. Permit is
 * outcome 0, deny outcome 4 (the request was refused as designed, not a fault).
 */
export function consentDecisionEvent(input: ConsentDecisionAuditInput): AuditEvent {
  const { principal } = input;
  const consentEntities: AuditEventEntity[] = input.consentIds.map((id) => ({
    type: codes.consentEntity,
    what: { reference: `Consent/${id}` },
  }));
  if (input.policy !== undefined) {
    consentEntities.push({
      type: codes.consentEntity,
      what: { identifier: { system: RAFLAG_CONSENT_POLICY, value: input.policy.code }, display: input.policy.display },
    });
  }
  return {
    resourceType: 'AuditEvent',
    type: codes.securityAlert,
    subtype: [codes.authzConsent],
    action: 'E',
    recorded: input.recorded.toISOString(),
    outcome: input.decision === 'permit' ? '0' : '4',
    outcomeDesc: input.reason,
    purposeOfEvent: [{ coding: [purposeOfUseCoding(principal.purposeOfUse)] }],
    agent: present([
      clientAgent(principal, undefined, input.network),
      userAgent(principal, codes.informationRecipient),
      organisationAgent(principal),
      authorizerAgent(input.server),
    ]),
    source: auditSource(input.server),
    entity: present([
      patientEntity(input.patient),
      ...consentEntities,
      tokenEntity(principal.tokenId),
      transactionEntity(input.requestId, input.correlationId),
    ]),
  };
}

export interface BreakGlassAuditInput extends AlertInputBase {
  /** `started` when the override is granted; `stopped` when its window closes or it is ended. */
  readonly phase?: 'started' | 'stopped' | undefined;
}

/** Longest justification kept: enough for a sentence, not a place to paste a record. */
export const BREAK_GLASS_REASON_MAX = 500;

/**
 * Emergency override (security.md §3.6): DCM 110113 Security Alert with subtype 110127 (started)
 * or 110138 (stopped), purposeOfEvent ETREAT. The clinician's justification is kept as the
 * purpose's text because the privacy officer must review it; it is the clinician's statement of
 * why, and is cut to a sentence so it cannot become a copy of the record.
 */
export function breakGlassEvent(input: BreakGlassAuditInput): AuditEvent {
  const { principal } = input;
  const reason = principal.breakGlass?.reason.slice(0, BREAK_GLASS_REASON_MAX);
  const purpose = { coding: [purposeOfUseCoding('ETREAT')], ...(reason === undefined ? {} : { text: reason }) };
  return {
    resourceType: 'AuditEvent',
    type: codes.securityAlert,
    subtype: [input.phase === 'stopped' ? codes.emergencyOverrideStopped : codes.emergencyOverrideStarted],
    action: 'E',
    recorded: input.recorded.toISOString(),
    outcome: '0',
    purposeOfEvent: [purpose],
    agent: present([
      clientAgent(principal, undefined, input.network),
      userAgent({ ...principal, purposeOfUse: 'ETREAT' }, codes.informationRecipient),
      organisationAgent(principal),
      serverAgent(input.server, codes.sourceRole),
    ]),
    source: auditSource(input.server),
    entity: present([
      patientEntity(input.patient),
      tokenEntity(principal.tokenId),
      transactionEntity(input.requestId, input.correlationId),
    ]),
  };
}
