import type { AuditEvent, AuditEventEntity } from 'fhir/r4.js';
import type { Interaction } from '../http/route-def.js';
import { codes, purposeOfUseCoding } from './audit-codes.js';
import { outcomeOfStatus } from './audit-outcome.js';
import {
  auditCallerOf,
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
 * The facts of one REST request's AuditEvent, as the audit trail stores them: plain JSON,
 * identifiers only (the caller narrowed by `auditCallerOf`). The trail keeps these rather than
 * the rendered event, about a sixth of its size and a fraction of the work on the request's
 * path, and renders the AuditEvent with `restAuditEventOf` when it is read.
 *
 * Stored records are rendered by whatever version of this file reads them, so a change here that
 * alters what an existing record means needs a new record format in the audit file, not an edit.
 */
export interface RestAuditRecord extends Omit<RestAuditInput, 'principal' | 'recorded'> {
  readonly principal: AuditCaller;
  /** An instant, as `recorded` will show it. */
  readonly recorded: string;
}

export function restAuditRecord(input: RestAuditInput): RestAuditRecord {
  const record: { -readonly [K in keyof RestAuditRecord]: RestAuditRecord[K] } = {
    interaction: input.interaction,
    status: input.status,
    principal: auditCallerOf(input.principal),
    requestId: input.requestId,
    server: input.server,
    recorded: input.recorded.toISOString(),
  };
  // Only what is there, so the stored JSON has no `undefined` keys to trip over.
  if (input.resourceType !== undefined) record.resourceType = input.resourceType;
  if (input.reason !== undefined) record.reason = input.reason;
  if (input.patient !== undefined) record.patient = input.patient;
  if (input.entities !== undefined && input.entities.length > 0) record.entities = input.entities;
  if (input.query !== undefined) record.query = input.query;
  if (input.correlationId !== undefined) record.correlationId = input.correlationId;
  if (input.purposeOfUse !== undefined) record.purposeOfUse = input.purposeOfUse;
  if (input.network !== undefined) record.network = input.network;
  return record;
}

/**
 * One AuditEvent for one REST request, on BALP's Read / Query / Create / Update / Delete pattern
 * (security.md §3.5). Failures (401, 403, 404) use the same shape with a failure outcome, as GP
 * Connect asks: rejected requests are audited with the same detail as successful ones.
 */
export function restAuditEvent(input: RestAuditInput): AuditEvent {
  return restAuditEventOf(restAuditRecord(input));
}

/** The AuditEvent a stored record stands for. */
export function restAuditEventOf(input: RestAuditRecord): AuditEvent {
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
    recorded: input.recorded,
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
