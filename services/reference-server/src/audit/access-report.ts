import type { AuditEvent, AuditEventAgent, Coding } from 'fhir/r4.js';
import { ODS_ORGANISATION_SYSTEM } from '@raflag/core';
import { codes, RAFLAG_CLIENT_ID, RESTFUL_INTERACTION, SDS_JOB_ROLE } from './audit-codes.js';

/** One request that touched the person's record, in words a person can follow. */
export interface AccessReportLine {
  /** When it happened (ISO instant). */
  readonly when: string;
  readonly organisation: { readonly odsCode: string | undefined; readonly name: string | undefined } | undefined;
  /** The client system's registered id. */
  readonly system: string | undefined;
  /** The SDS job role code of the person at the keyboard, when the system named one. */
  readonly userRole: string | undefined;
  readonly did: string;
  /** Resource types touched, once each (`Flag`, `Condition`). */
  readonly what: readonly string[];
  readonly allowed: boolean;
  readonly breakGlass: boolean;
  readonly requestId: string | undefined;
}

export interface AccessReport {
  /** Newest first. */
  readonly lines: readonly AccessReportLine[];
}

const did: Readonly<Record<string, string>> = {
  read: 'looked at part of the record',
  vread: 'looked at an earlier version of part of the record',
  'history-instance': 'looked at the history of part of the record',
  'history-type': 'looked at the history of records',
  'search-type': 'looked up the record',
  create: 'added to the record',
  update: 'changed the record',
  delete: 'removed part of the record',
  transaction: 'sent changes to the record',
  operation: 'checked information against the record',
};

/**
 * "Who has looked at my record": one line per request, so the REST event, its consent decision
 * and any break-glass alert written for the same X-Request-ID become a single entry. The events
 * are expected to be the result of `AuditEvent?patient=...`; the report adds nothing they lack.
 */
export function accessReport(events: readonly AuditEvent[]): AccessReport {
  const groups = new Map<string, AuditEvent[]>();
  events.forEach((event, index) => {
    // The end of an emergency override is bookkeeping, not a look at the record.
    if (event.subtype?.some((coding) => sameCode(coding, codes.emergencyOverrideStopped)) === true) return;
    const key = requestIdOf(event) ?? `#${index}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [event]);
    else group.push(event);
  });
  const lines = [...groups.values()].map(lineFor);
  lines.sort((a, b) => (a.when < b.when ? 1 : a.when > b.when ? -1 : 0));
  return { lines };
}

function lineFor(group: readonly AuditEvent[]): AccessReportLine {
  const rest = group.find((event) => sameCode(event.type, codes.rest));
  const decision = group.find((event) => event.subtype?.some((c) => sameCode(c, codes.authzConsent)) === true);
  const breakGlass = group.some((event) => event.subtype?.some((c) => sameCode(c, codes.emergencyOverrideStarted)) === true);
  const main = rest ?? decision ?? group[0];
  const agents = group.flatMap((event) => event.agent ?? []);
  const organisation = agents.find((agent) => conceptHas(agent.type, codes.provider));
  const client = agents.find((agent) => agent.who?.identifier?.system === RAFLAG_CLIENT_ID);
  const role = agents.flatMap((agent) => roleCodes(agent)).find((coding) => coding.system === SDS_JOB_ROLE);
  return {
    when: main?.recorded ?? '',
    organisation:
      organisation === undefined
        ? undefined
        : {
            odsCode: organisation.who?.identifier?.system === ODS_ORGANISATION_SYSTEM ? organisation.who.identifier.value : undefined,
            name: organisation.who?.display,
          },
    system: client?.who?.identifier?.value,
    userRole: role?.code,
    did: describe(rest, breakGlass),
    what: resourceTypes(rest),
    allowed: group.every((event) => event.outcome === '0'),
    breakGlass,
    requestId: main === undefined ? undefined : requestIdOf(main),
  };
}

function describe(rest: AuditEvent | undefined, breakGlass: boolean): string {
  if (rest === undefined) return breakGlass ? 'used emergency access to the record' : 'asked to see the record';
  const code = rest.subtype?.find((coding) => coding.system === RESTFUL_INTERACTION)?.code;
  return (code === undefined ? undefined : did[code]) ?? 'used the record';
}

function resourceTypes(rest: AuditEvent | undefined): string[] {
  const types = new Set<string>();
  for (const entity of rest?.entity ?? []) {
    if (!sameCode(entity.type, codes.systemObject) || !sameCode(entity.role, codes.domainResource)) continue;
    const type = entity.what?.reference?.split('/')[0];
    if (type !== undefined && type !== '') types.add(type);
  }
  return [...types];
}

function requestIdOf(event: AuditEvent): string | undefined {
  return event.entity?.find((entity) => sameCode(entity.type, codes.xRequestId))?.what?.identifier?.value;
}

function roleCodes(agent: AuditEventAgent): Coding[] {
  return (agent.role ?? []).flatMap((role) => role.coding ?? []);
}

function conceptHas(concept: { coding?: Coding[] } | undefined, wanted: Coding): boolean {
  return concept?.coding?.some((coding) => sameCode(coding, wanted)) === true;
}

function sameCode(coding: Coding | undefined, wanted: Coding): boolean {
  return coding !== undefined && coding.system === wanted.system && coding.code === wanted.code;
}

/** A compact plain-text rendering, one line per entry, for a letter or a screen. */
export function renderAccessReport(report: AccessReport): string {
  if (report.lines.length === 0) return 'Nobody has used this record in the period shown.';
  return report.lines
    .map((line) => {
      const org = line.organisation === undefined ? 'an unknown organisation' : organisationText(line.organisation);
      const who = line.userRole === undefined ? 'a system' : `a member of staff (job role ${line.userRole})`;
      const via = line.system === undefined ? '' : ` using ${line.system}`;
      const what = line.what.length === 0 ? '' : ` (${line.what.join(', ')})`;
      const outcome = line.allowed ? 'allowed' : 'refused';
      const glass = line.breakGlass ? ' [emergency access]' : '';
      return `${whenText(line.when)}  ${org}: ${who}${via} ${line.did}${what}; ${outcome}${glass}`;
    })
    .join('\n');
}

function organisationText(org: NonNullable<AccessReportLine['organisation']>): string {
  if (org.name !== undefined && org.odsCode !== undefined) return `${org.name} (${org.odsCode})`;
  return org.name ?? org.odsCode ?? 'an unknown organisation';
}

function whenText(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}
