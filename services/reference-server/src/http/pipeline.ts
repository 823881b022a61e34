import type { Exchange } from './exchange.js';
import { errorResponse } from './error-response.js';

/**
 * The named steps every FHIR request goes through, in order (DESIGN "How data flows"): who is
 * calling (authenticate), may they use this interaction (authorise), the store as their consent
 * lets them see it (consentGate), and one AuditEvent before the answer goes out (audit).
 */
export type StageName =
  | 'requestId'
  | 'limits'
  | 'negotiate'
  | 'authenticate'
  | 'route'
  | 'parseBody'
  | 'authorise'
  | 'consentGate'
  | 'handle'
  | 'audit'
  | 'respond';

export interface Stage {
  readonly name: StageName;
  /**
   * `always` stages run even after an earlier stage answered or failed (audit must see a 404,
   * and something must send the answer); the others stop once there is a response.
   */
  readonly always: boolean;
  run(exchange: Exchange): Promise<void> | void;
}

export async function runPipeline(stages: readonly Stage[], exchange: Exchange): Promise<void> {
  for (const stage of stages) {
    if (exchange.response !== undefined && !stage.always) continue;
    try {
      await stage.run(exchange);
    } catch (error) {
      exchange.response = errorResponse(error, exchange.log);
    }
  }
}
