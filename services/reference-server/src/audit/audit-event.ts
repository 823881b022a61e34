import type { AuditEvent, AuditEventEntity } from 'fhir/r4.js';
import type { Interaction } from '../http/route-def.js';
import { codes, purposeOfUseCoding } from './audit-codes.js';
import { outcomeOfStatus } from './audit-outcome.js';
import {
  auditSource,
  clientAgent,
  dataEntity,
  organisationAgent,
  patientEntity,
  present,
  serverAgent,
  transactionEntity,
  userAgent,
  type AuditCaller,
  type AuditPatient,
  type AuditServer,
} from './audit-parts.js';
import { restInteractionAudit } from './rest-interaction.js';

export interface RestAuditInput {
  readonly interaction: Interaction;
  readonly resourceType?: string | undefined;
  /** The HTTP status answered. */
  readonly status: number;
  /** A short reason code for a failure (`insufficient-scope`, `consent-denied`); never request data. */
  readonly reason?: string | undefined;
  readonly principal: AuditCaller;
  readonly patient?: AuditPatient | undefined;
  /** The resources read or written, as `Type/id` (or `Type/id/_history/v`). */
  readonly entities?: readonly string[] | undefined;
  /**
   * For searches: the query the server understood, in canonical form (supported parameters only,
   * e.g. `patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009`). Never the raw URL:
   * that could carry anything the caller typed.
   */
  readonly query?: string | undefined;
  readonly requestId: string;
  readonly correlationId?: string | undefined;
  /** Defaults to the principal's; a 401 has none. */
  readonly purposeOfUse?: 'TREAT' | 'ETREAT' | undefined;
  /** The caller's IP address as the socket saw it. */
  readonly network?: string | undefined;
  readonly server: AuditServer;
  readonly recorded: Date;
}

/**
 * One AuditEvent for one REST request, on BALP's Read / Query / Create / Update / Delete pattern
 * (security.md §3.5). Failures (401, 403, 404) use the same shape with a failure outcome, as GP
 * Connect asks: rejected requests are audited with the same detail as successful ones.
 */
export function restAuditEvent(input: RestAuditInput): AuditEvent {
  const how = restInteractionAudit(input.interaction);
  const principal = input.principal;
  const client = principal?.kind === 'client' ? principal : undefined;
  const purpose = input.purposeOfUse ?? client?.purposeOfUse;
  const { outcome, outcomeDesc } = outcomeOfStatus(input.status, input.reason);

  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    type: codes.rest,
    subtype: [...how.subtype],
    action: how.action,
    recorded: input.recorded.toISOString(),
    outcome,
    agent: present([
      clientAgent(principal, how.clientRole, input.network),
      client === undefined ? undefined : userAgent(client, how.userType),
      client === undefined ? undefined : organisationAgent(client),
      serverAgent(input.server, how.serverRole),
    ]),
    source: auditSource(input.server),
    entity: present<AuditEventEntity>([
      patientEntity(input.patient),
      ...(input.entities ?? []).map(dataEntity),
      queryEntity(input.query, input.resourceType),
      transactionEntity(input.requestId, input.correlationId),
    ]),
  };
  if (outcomeDesc !== undefined) event.outcomeDesc = outcomeDesc;
  if (purpose !== undefined) event.purposeOfEvent = [{ coding: [purposeOfUseCoding(purpose)] }];
  return event;
}

function queryEntity(query: string | undefined, resourceType: string | undefined): AuditEventEntity | undefined {
  if (query === undefined) return undefined;
  // BALP keeps the query base64 encoded (exactly what was asked) and readable in description.
  const entity: AuditEventEntity = {
    type: codes.systemObject,
    role: codes.queryRole,
    query: Buffer.from(query, 'utf8').toString('base64'),
    description: resourceType === undefined ? query : `${resourceType}?${query}`,
  };
  return entity;
}
