import type { Exchange } from '../exchange.js';
import type { Stage } from '../pipeline.js';

/** Writes the answer, echoing X-Request-ID and X-Correlation-ID on every response. */
export const respondStage: Stage = {
  name: 'respond',
  always: true,
  run(exchange: Exchange) {
    const response = exchange.response;
    const res = exchange.res;
    if (!response || res.headersSent) return;
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('X-Request-ID', exchange.requestId);
    if (exchange.correlationId !== undefined) res.setHeader('X-Correlation-ID', exchange.correlationId);
    if (response.body === undefined) res.end();
    else res.end(response.body);
  },
};
