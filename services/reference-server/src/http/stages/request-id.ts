import { httpError } from '../http-error.js';
import type { Stage } from '../pipeline.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CORRELATION = /^[\x21-\x7e]{1,200}$/;

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** X-Request-ID must be a UUID when sent (it becomes the idempotency key); X-Correlation-ID is opaque. */
export const requestIdStage: Stage = {
  name: 'requestId',
  always: false,
  run(exchange) {
    const sent = single(exchange.req.headers['x-request-id']);
    const correlation = single(exchange.req.headers['x-correlation-id']);
    // Opaque, but only echoed when it is a plain token that is safe to put back in a header.
    exchange.correlationId = correlation !== undefined && CORRELATION.test(correlation) ? correlation : undefined;
    if (sent !== undefined && !UUID.test(sent)) throw httpError(400, 'http.request-id-invalid', undefined);
    exchange.clientRequestId = sent?.toLowerCase();
    // The exchange starts with a server-made id (so even a refused X-Request-ID is answered with one).
    exchange.requestId = exchange.clientRequestId ?? exchange.requestId;
    exchange.requestLog.bind({ requestId: exchange.requestId });
  },
};
