import type { Exchange } from '../exchange.js';
import type { Stage } from '../pipeline.js';

/** Writes the answer, echoing X-Request-ID and X-Correlation-ID on every response, never cacheable. */
export const respondStage: Stage = {
  name: 'respond',
  always: true,
  run(exchange: Exchange) {
    const response = exchange.response;
    const res = exchange.res;
    if (!response || res.headersSent) return;
    res.statusCode = response.status;
    // Answers carry patient data or say whether it exists: no shared or browser cache may keep
    // them (security.md H6, and §7's rule for every error). A handler may still choose otherwise.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('X-Request-ID', exchange.requestId);
    if (exchange.correlationId !== undefined) res.setHeader('X-Correlation-ID', exchange.correlationId);
    if (response.body === undefined) res.end();
    else res.end(response.body);
  },
};
