import type { Coding } from 'fhir/r4.js';
import type { Interaction } from '../http/route-def.js';
import { codes, RAFLAG_INTERACTION, RESTFUL_INTERACTION } from './audit-codes.js';

/** How BALP records one of our route interactions. */
export interface RestInteractionAudit {
  /** `restful-interaction` codes; our own interactions add a second coding with their exact name. */
  readonly subtype: readonly Coding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  /**
   * The DICOM direction roles BALP gives the client and server. BALP's Read profile names the client
   * the Destination (data flows to it); Create, Update, Delete and Query name it the Source (the
   * request flows from it).
   */
  readonly clientRole: Coding;
  readonly serverRole: Coding;
  /** `IRCP` for those who receive data, `AUT` for those who write it (BALP's DataSources). */
  readonly userType: Coding;
}

const restful = (code: string): Coding => ({ system: RESTFUL_INTERACTION, code, display: code });
const ours = (code: Interaction): Coding => ({ system: RAFLAG_INTERACTION, code, display: code });

const reading = { clientRole: codes.destinationRole, serverRole: codes.sourceRole, userType: codes.informationRecipient };
const querying = { clientRole: codes.sourceRole, serverRole: codes.destinationRole, userType: codes.informationRecipient };
const writing = { clientRole: codes.sourceRole, serverRole: codes.destinationRole, userType: codes.author };

const table: Readonly<Record<Interaction, RestInteractionAudit>> = {
  read: { subtype: [restful('read')], action: 'R', ...reading },
  vread: { subtype: [restful('vread')], action: 'R', ...reading },
  'history-instance': { subtype: [restful('history-instance')], action: 'R', ...reading },
  'history-type': { subtype: [restful('history-type')], action: 'R', ...querying },
  'search-type': { subtype: [restful('search-type')], action: 'E', ...querying },
  // GET /PatientFlag?patient.identifier=... is a search by patient that answers one record.
  'patient-flag-read': { subtype: [restful('search-type'), ours('patient-flag-read')], action: 'E', ...querying },
  create: { subtype: [restful('create')], action: 'C', ...writing },
  update: { subtype: [restful('update')], action: 'U', ...writing },
  delete: { subtype: [restful('delete')], action: 'D', ...writing },
  transaction: { subtype: [restful('transaction')], action: 'E', ...writing },
  // POST /PatientFlag takes a transaction Bundle that records or changes one person's flags.
  'patient-flag-transaction': { subtype: [restful('transaction'), ours('patient-flag-transaction')], action: 'E', ...writing },
  validate: { subtype: [restful('operation'), ours('validate')], action: 'E', ...querying },
  capabilities: { subtype: [restful('capabilities')], action: 'E', ...querying },
  'provision-report': { subtype: [restful('operation'), ours('provision-report')], action: 'E', ...querying },
};

export function restInteractionAudit(interaction: Interaction): RestInteractionAudit {
  return table[interaction];
}
