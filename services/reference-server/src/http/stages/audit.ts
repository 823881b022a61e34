import type { Stage } from '../pipeline.js';

/**
 * Until AuditEvents are written (decision 10) the audit stage records one structured log line per
 * request: the interaction and the status, never a URL, query or body.
 */
export const auditStage: Stage = {
  name: 'audit',
  always: true,
  run(exchange) {
    exchange.log.info(
      { interaction: exchange.route?.def.interaction ?? 'none', status: exchange.response?.status },
      'request served',
    );
  },
};
