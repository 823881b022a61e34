import { issueId, makeIssue } from '@raflag/core';
import { restAuditRecord } from '../../audit/audit-event.js';
import type { AuditServer } from '../../audit/audit-parts.js';
import { breakGlassEvent } from '../../audit/security-alert-event.js';
import type { AuditEntry, AuditTrail } from '../../store/store.js';
import type { Exchange } from '../exchange.js';
import { outcomeResponse } from '../fhir-response.js';
import type { Stage } from '../pipeline.js';

/** Interactions that never touch a patient's data: nothing to write down. */
const NOT_PATIENT_DATA = new Set(['capabilities', 'validate']);
const NHS_NUMBER = /^\d{10}$/;

/**
 * The outcome as the caller experienced it for the patient data: a search whose every match
 * consent refused answers 200 with an empty Bundle, but for the record it was a refusal, exactly
 * like the 404 a read gets.
 */
function auditedStatus(exchange: Exchange): number {
  const status = exchange.response?.status ?? 500;
  const decisions = exchange.policy?.decisions ?? [];
  const refusedAll = decisions.length > 0 && decisions.every((d) => d.decision.decision === 'deny') && (exchange.policy?.shown.size ?? 0) === 0;
  return status < 300 && refusedAll ? 404 : status;
}

function failureReason(exchange: Exchange): string | undefined {
  const status = auditedStatus(exchange);
  if (status < 400) return undefined;
  if (status === 401) return exchange.authFailure === undefined ? 'unauthenticated' : `token-${exchange.authFailure}`;
  const denied = exchange.policy?.decisions.find((d) => d.decision.decision === 'deny');
  if (status === 404 && denied !== undefined) return `consent-${denied.decision.reason}`;
  const body = exchange.response?.body;
  if (body === undefined) return undefined;
  try {
    const outcome = JSON.parse(body) as { issue?: Parameters<typeof issueId>[0][] };
    const first = outcome.issue?.[0];
    return first === undefined ? undefined : issueId(first);
  } catch {
    return undefined;
  }
}

/** A new set holding the members of both. */
function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): Set<string> {
  const out = new Set(a);
  for (const item of b) out.add(item);
  return out;
}

function eventsFor(exchange: Exchange, server: AuditServer, recorded: Date): AuditEntry[] {
  const route = exchange.route;
  if (route === undefined || NOT_PATIENT_DATA.has(route.def.interaction)) return [];
  const policy = exchange.policy;
  const resources = union(policy?.shown, exchange.touched.resources);
  // Patients whose record the caller asked about, shown or refused: a refused look is a look.
  const patients = union(policy?.patients, exchange.touched.patients);
  for (const decision of policy?.decisions ?? []) patients.add(decision.patientId);
  const onlyPatient = patients.size === 1 ? patients.values().next().value : undefined;
  const asked = route.def.interaction === 'patient-flag-read' ? exchange.query.get('patient') : null;
  const nhsNumber = asked !== null && NHS_NUMBER.test(asked) ? asked : undefined;
  const patient = onlyPatient === undefined && nhsNumber === undefined ? undefined : { id: onlyPatient, nhsNumber };
  const { requestId, correlationId } = exchange;
  const network = exchange.req.socket.remoteAddress;
  // Every member spelled out: members added after a spread (`{ ...common, status }`) cost about
  // 1.5 µs each on this Node, which made this the dearest step of an audited read.
  const events: AuditEntry[] = [
    {
      rest: restAuditRecord({
        requestId,
        correlationId,
        network,
        server,
        recorded,
        interaction: route.def.interaction,
        resourceType: route.params['type'] ?? (route.def.interaction === 'patient-flag-read' ? 'Flag' : undefined),
        status: auditedStatus(exchange),
        reason: failureReason(exchange),
        principal: exchange.principal,
        patient,
        entities: Array.from(resources),
      }),
    },
  ];
  const principal = exchange.principal;
  if (principal?.kind === 'client' && policy !== undefined) {
    for (const decision of policy.decisions) {
      if (decision.decision.breakGlass) events.push({ event: breakGlassEvent({ requestId, correlationId, network, server, recorded, principal, patient: { id: decision.patientId } }) });
    }
  }
  return events;
}

/**
 * Writes down every request that touches patient data (DESIGN decision 10) as one BALP
 * AuditEvent, plus a security alert for each break-glass read, before the answer goes out: the
 * response waits for the audit trail to commit it, and if it cannot be written the caller gets a
 * 500, never unaudited data.
 */
export function auditStage(trail: AuditTrail, server: AuditServer, now: () => Date = () => new Date()): Stage {
  return {
    name: 'audit',
    always: true,
    async run(exchange) {
      const events = eventsFor(exchange, server, now());
      exchange.requestLog.info({ interaction: exchange.route?.def.interaction ?? 'none', status: exchange.response?.status, audited: events.length }, 'request served');
      if (events.length === 0) return;
      try {
        // Committed by the audit trail's own writer thread: it survives the server process dying
        // the moment it answers, and reaches the disk within about a second (Store.appendAudit).
        await trail.appendAudit(events);
      } catch (error) {
        exchange.log.error({ err: error }, 'could not write the audit event; the answer is withheld');
        exchange.response = outcomeResponse(500, [makeIssue('http.audit-unavailable', undefined)]);
      }
    },
  };
}
