import type { Limits } from '../../config.js';
import { httpError } from '../http-error.js';
import type { Stage } from '../pipeline.js';
import { hasBody, readBody } from '../read-body.js';

/** Size of the request head as sent: each header line is `name: value\r\n`. */
function headerBytes(raw: readonly string[]): number {
  let total = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) total += (raw[i] as string).length + (raw[i + 1] as string).length + 4;
  return total;
}

/**
 * URL length (414), header size (431) and body size (413). Node refuses heads above its own
 * `maxHeaderSize` before we see them; the server is created with room above `headerBytes` so
 * that everything between gets an OperationOutcome.
 */
export function limitsStage(limits: Limits): Stage {
  return {
    name: 'limits',
    always: false,
    async run(exchange) {
      const { req } = exchange;
      if ((req.url ?? '').length > limits.urlLength) throw httpError(414, 'http.url-too-long', undefined, { limit: limits.urlLength });
      if (headerBytes(req.rawHeaders) > limits.headerBytes) {
        throw httpError(431, 'http.headers-too-large', undefined, { limit: limits.headerBytes });
      }
      if (hasBody(req)) exchange.body = await readBody(req, limits.bodyBytes);
    },
  };
}
