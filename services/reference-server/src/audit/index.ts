export { restAuditEvent, type RestAuditInput } from './audit-event.js';
export {
  consentDecisionEvent,
  breakGlassEvent,
  BREAK_GLASS_REASON_MAX,
  type ConsentDecisionAuditInput,
  type BreakGlassAuditInput,
} from './security-alert-event.js';
export type { AuditCaller, AuditPatient, AuditServer } from './audit-parts.js';
export { outcomeOfStatus, type OutcomeOfStatus } from './audit-outcome.js';
export { restInteractionAudit, type RestInteractionAudit } from './rest-interaction.js';
export { auditSearchValues, type AuditSearchValues, type AuditIndexValue } from './audit-search-params.js';
export { accessReport, renderAccessReport, type AccessReport, type AccessReportLine } from './access-report.js';
