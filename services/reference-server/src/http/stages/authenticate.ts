import type { Authenticator } from '../../auth/authenticator.js';
import { httpError } from '../http-error.js';
import type { Stage } from '../pipeline.js';

/** Interactions anyone may call: how to talk to the server is not a secret. */
const PUBLIC = new Set(['capabilities']);

/**
 * SMART Backend Services (DESIGN decision 7): a verified access token becomes the principal, or
 * the answer is 401 with `WWW-Authenticate`. Without an authenticator (`--insecure-no-auth`)
 * every caller is the anonymous principal.
 */
export function authenticateStage(authenticator: Authenticator | undefined): Stage {
  return {
    name: 'authenticate',
    always: false,
    async run(exchange) {
      if (authenticator === undefined) {
        exchange.principal = { kind: 'insecure-anonymous' };
        return;
      }
      if (exchange.route !== undefined && PUBLIC.has(exchange.route.def.interaction)) return;
      const result = await authenticator.authenticate(exchange.req.headers.authorization);
      if (result.ok) {
        exchange.principal = result.principal;
        exchange.requestLog.bind({ clientId: result.principal.clientId });
        return;
      }
      exchange.authFailure = result.reason;
      if (result.reason === 'missing') {
        throw httpError(401, 'http.auth-required', undefined, {}, { 'WWW-Authenticate': 'Bearer realm="raflag"' });
      }
      throw httpError(401, 'http.token-invalid', undefined, { reason: result.reason.replace(/-/g, ' ') }, {
        'WWW-Authenticate': `Bearer realm="raflag", error="invalid_token", error_description="${result.reason}"`,
      });
    },
  };
}
