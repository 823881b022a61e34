import { STATUS_CODES } from 'node:http';
import type { AuditOutcome } from './audit-codes.js';

export interface OutcomeOfStatus {
  readonly outcome: AuditOutcome;
  /** Only for failures: the status and its reason phrase, plus the caller's reason code. */
  readonly outcomeDesc?: string;
}

/**
 * Maps an HTTP status to BALP's outcome: the caller's mistakes (4xx) are minor failures, a
 * server that could not serve (5xx) a serious one, and an unexpected crash (500) or a status that
 * is not HTTP at all (the connection died) a major one. `reason` must be a code such as
 * `insufficient-scope`, never a diagnostic built from request data: this text is shown to people.
 */
export function outcomeOfStatus(status: number, reason?: string): OutcomeOfStatus {
  const outcome = outcomeCode(status);
  if (outcome === '0') return { outcome };
  const phrase = STATUS_CODES[status];
  const head = phrase === undefined ? `status ${status}` : `${status} ${phrase}`;
  return { outcome, outcomeDesc: reason === undefined ? head : `${head}: ${reason}` };
}

function outcomeCode(status: number): AuditOutcome {
  if (!Number.isInteger(status) || status < 100 || status > 599) return '12';
  if (status < 400) return '0';
  if (status < 500) return '4';
  return status === 500 ? '12' : '8';
}
