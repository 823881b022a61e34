import type { AuditEventAgent, AuditEventEntity, AuditEventSource, Coding, Reference } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM, SDS_USER_SYSTEM } from '@raflag/core';
import type { ClientPrincipal, InsecureAnonymousPrincipal } from '../auth/principal.js';
import {
  codes,
  JTI_PREFIX,
  NRBAC_ACTIVITY,
  purposeOfUseCoding,
  RAFLAG_CLIENT_ID,
  SDS_JOB_ROLE,
  URI_SYSTEM,
} from './audit-codes.js';

/**
 * The agent and entity pieces every builder shares. They carry identifiers only: the patient's
 * logical id and NHS number, the client id, the user's SDS id and role, the organisation's ODS code.
 */

/** Who the patient is, as far as the request revealed it; either part may be missing. */
export interface AuditPatient {
  /** Logical id on this server (`123` for `Patient/123`). */
  readonly id?: string | undefined;
  readonly nhsNumber?: string | undefined;
}

export interface AuditServer {
  readonly name: string;
  /** The FHIR base URL, which identifies this server in the trail. */
  readonly url: string;
}

/** What the trail keeps of an authenticated client: who it is and for whom, never its token or scopes. */
export type AuditClient = Pick<ClientPrincipal, 'kind' | 'clientId' | 'organisation' | 'user' | 'purposeOfUse'>;

/** Undefined is the caller of a 401: we never learned who it was. */
export type AuditCaller = AuditClient | InsecureAnonymousPrincipal | undefined;

/** The caller narrowed to what the trail keeps, so a stored record carries nothing else of the principal. */
export function auditCallerOf(caller: AuditCaller): AuditCaller {
  if (caller?.kind !== 'client') return caller === undefined ? undefined : { kind: caller.kind };
  const client: { -readonly [K in keyof AuditClient]: AuditClient[K] } = {
    kind: 'client',
    clientId: caller.clientId,
    organisation: { odsCode: caller.organisation.odsCode, name: caller.organisation.name },
    purposeOfUse: caller.purposeOfUse,
  };
  if (caller.user !== undefined) client.user = caller.user;
  return client;
}

export function clientWho(caller: AuditCaller): Reference {
  if (caller === undefined) return { display: 'unauthenticated caller' };
  if (caller.kind === 'insecure-anonymous') return { display: 'anonymous caller (server started with --insecure-no-auth)' };
  return { identifier: { system: RAFLAG_CLIENT_ID, value: caller.clientId }, display: caller.clientId };
}

/** `roleCoding` is BALP's direction role on REST events; security alerts type the client as Application only. */
export function clientAgent(caller: AuditCaller, roleCoding: Coding | undefined, network: string | undefined): AuditEventAgent {
  const agent: AuditEventAgent = {
    type: { coding: roleCoding === undefined ? [codes.application] : [codes.application, roleCoding] },
    who: clientWho(caller),
    requestor: caller?.kind === 'client' ? caller.user === undefined : false,
  };
  if (network !== undefined) agent.network = { address: network, type: '2' };
  return agent;
}

/** The calling organisation, as `v3-RoleClass#PROV`: it is who the person will want to see. */
export function organisationAgent(caller: AuditClient): AuditEventAgent {
  return {
    type: { coding: [codes.provider] },
    who: {
      identifier: { system: ODS_ORGANISATION_SYSTEM, value: caller.organisation.odsCode },
      display: caller.organisation.name,
    },
    requestor: false,
  };
}

export function userAgent(caller: AuditClient, typeCoding: Coding): AuditEventAgent | undefined {
  const user = caller.user;
  if (user === undefined) return undefined;
  const role: Coding[] = [];
  if (user.roleCode !== undefined) role.push({ system: SDS_JOB_ROLE, code: user.roleCode });
  for (const activity of user.activities) role.push({ system: NRBAC_ACTIVITY, code: activity });
  const agent: AuditEventAgent = {
    type: { coding: [typeCoding] },
    who: { identifier: { system: SDS_USER_SYSTEM, value: user.id } },
    requestor: true,
    purposeOfUse: [{ coding: [purposeOfUseCoding(caller.purposeOfUse)] }],
  };
  if (role.length > 0) agent.role = [{ coding: role }];
  if (user.name !== undefined) agent.name = user.name;
  return agent;
}

export function serverAgent(server: AuditServer, roleCoding: Coding): AuditEventAgent {
  return {
    type: { coding: [roleCoding] },
    who: serverWho(server),
    requestor: false,
    network: { address: hostOf(server.url), type: '1' },
  };
}

export function authorizerAgent(server: AuditServer): AuditEventAgent {
  return { type: { coding: [codes.authServer] }, who: serverWho(server), requestor: false };
}

export function auditSource(server: AuditServer): AuditEventSource {
  return { site: server.name, observer: serverWho(server), type: [codes.applicationServer] };
}

function serverWho(server: AuditServer): Reference {
  return { identifier: { system: URI_SYSTEM, value: server.url }, display: server.name };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function patientEntity(patient: AuditPatient | undefined): AuditEventEntity | undefined {
  if (patient === undefined || (patient.id === undefined && patient.nhsNumber === undefined)) return undefined;
  const what: Reference = { type: 'Patient' };
  if (patient.id !== undefined) what.reference = `Patient/${patient.id}`;
  if (patient.nhsNumber !== undefined) what.identifier = { system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber };
  return { what, type: codes.person, role: codes.patientRole };
}

export function dataEntity(reference: string): AuditEventEntity {
  return { what: { reference }, type: codes.systemObject, role: codes.domainResource };
}

export function transactionEntity(requestId: string, correlationId: string | undefined): AuditEventEntity {
  const entity: AuditEventEntity = {
    what: { identifier: { value: requestId } },
    type: codes.xRequestId,
  };
  if (correlationId !== undefined) entity.detail = [{ type: 'X-Correlation-ID', valueString: correlationId }];
  return entity;
}

export function tokenEntity(jti: string): AuditEventEntity {
  return { what: { identifier: { value: `${JTI_PREFIX}${jti}` } }, type: codes.oauthToken };
}

/** Leaves out the agents and entities a builder found nothing for. */
export function present<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}
