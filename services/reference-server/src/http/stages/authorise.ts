import { isJsonObject } from '@raflag/core';
import type { ClientPrincipal } from '../../auth/principal.js';
import { accessLevel, atLeast, mayWrite } from '../../authz/access-level.js';
import { scopeAllows } from '../../authz/smart-scope.js';
import { httpError } from '../http-error.js';
import type { Exchange } from '../exchange.js';
import type { Stage } from '../pipeline.js';
import type { Interaction } from '../route-def.js';

const ENTRY_INTERACTION: Readonly<Record<string, Interaction>> = { POST: 'create', PUT: 'update', DELETE: 'delete', GET: 'read' };

const NEEDED: Partial<Record<Interaction, string>> = {
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  'search-type': 's',
  'history-type': 's',
  'patient-flag-read': 'rs',
  create: 'c',
  update: 'u',
  delete: 'd',
};

function refuseScope(interaction: Interaction, type: string): never {
  throw httpError(403, 'http.scope-insufficient', undefined, { interaction, type, needed: `system/${type}.${NEEDED[interaction] ?? 'rs'}` });
}

/** The resource types and interactions a transaction or batch Bundle's entries ask for. */
function entryRequests(body: unknown): { type: string; interaction: Interaction }[] {
  if (!isJsonObject(body) || !Array.isArray(body['entry'])) return [];
  const requests: { type: string; interaction: Interaction }[] = [];
  for (const entry of body['entry']) {
    if (!isJsonObject(entry) || !isJsonObject(entry['request'])) continue;
    const method = entry['request']['method'];
    const url = entry['request']['url'];
    const interaction = typeof method === 'string' ? ENTRY_INTERACTION[method] : undefined;
    const type = typeof url === 'string' ? /^([A-Z][A-Za-z]+)/.exec(url)?.[1] : undefined;
    if (interaction !== undefined && type !== undefined) requests.push({ type, interaction });
  }
  return requests;
}

function typeOf(exchange: Exchange): string | undefined {
  const route = exchange.route;
  if (route === undefined) return undefined;
  if (route.def.interaction === 'patient-flag-read') return 'Flag';
  return route.params['type'];
}

function authoriseClient(exchange: Exchange, principal: ClientPrincipal): void {
  const route = exchange.route;
  if (route === undefined) return;
  const interaction = route.def.interaction;
  if (interaction === 'capabilities' || interaction === 'validate') return;
  if (interaction === 'provision-report') {
    // Counts across every organisation's records: an auditing function, not care.
    if (principal.clientKind !== 'auditor') throw httpError(403, 'http.report-auditors-only', undefined);
    return;
  }
  const level = accessLevel(principal);
  if (interaction === 'transaction' || interaction === 'patient-flag-transaction') {
    if (principal.clientKind === 'auditor') throw httpError(403, 'http.audit-only', undefined);
    for (const request of entryRequests(exchange.resource)) {
      if (!scopeAllows(principal.scope, request.type, request.interaction)) refuseScope(request.interaction, request.type);
    }
    if (!mayWrite(principal)) throw httpError(403, 'http.role-insufficient', undefined, { needed: 'B0380' });
    return;
  }
  const type = typeOf(exchange) ?? '';
  if (!scopeAllows(principal.scope, type, interaction)) refuseScope(interaction, type);
  if (type === 'AuditEvent') {
    if (principal.clientKind === 'auditor') return;
    // Care staff may show a person who has looked at their record, one patient at a time.
    const byPatient = interaction === 'search-type' && exchange.query.get('patient') !== null;
    if (principal.clientKind === 'clinical-system' && atLeast(level, 'details') && (byPatient || interaction === 'read')) return;
    throw httpError(403, 'http.audit-read-forbidden', undefined);
  }
  if (principal.clientKind === 'auditor') throw httpError(403, 'http.audit-only', undefined);
  if (route.def.write) {
    if (!mayWrite(principal)) throw httpError(403, 'http.role-insufficient', undefined, { needed: 'B0380' });
    return;
  }
  if (level === 'none') throw httpError(403, 'http.role-insufficient', undefined, { needed: 'B0264' });
}

/**
 * Type-level permission (DESIGN decision 7): the token's SMART scopes, intersected with the NHS
 * activity codes of the user the client named, answer 403 here. Whether a particular patient's
 * record may be seen is the consent gate's question, and is answered per resource.
 */
export const authoriseStage: Stage = {
  name: 'authorise',
  always: false,
  run(exchange) {
    const principal = exchange.principal;
    if (principal?.kind === 'client') authoriseClient(exchange, principal);
  },
};
