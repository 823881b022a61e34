import { validateText } from '@raflag/core';
import type { Limits } from '../../config.js';
import { HttpError, httpError } from '../http-error.js';
import { checkJsonShape } from '../json-limits.js';
import { isFormContentType, isJsonContentType } from '../media-type.js';
import type { Stage } from '../pipeline.js';

/**
 * Turns the body into what the route takes: a JSON value within the shape limits for resource
 * routes (415 for another media type, 400 for text that is not JSON), form fields for
 * `POST _search`.
 */
export function parseBodyStage(limits: Limits): Stage {
  return {
    name: 'parseBody',
    always: false,
    run(exchange) {
      const kind = exchange.route?.def.body ?? 'none';
      const contentType = exchange.req.headers['content-type'];
      if (kind === 'search-form') {
        if (exchange.body === undefined || exchange.body.length === 0) return;
        if (!isFormContentType(contentType)) throw httpError(415, 'http.unsupported-media-type', undefined);
        exchange.form = new URLSearchParams(exchange.body.toString('utf8'));
        return;
      }
      if (kind !== 'resource') return;
      if (!isJsonContentType(contentType)) throw httpError(415, 'http.unsupported-media-type', undefined);
      const text = exchange.body?.toString('utf8') ?? '';
      if (text.trim() === '') throw httpError(400, 'http.body-missing', undefined);
      const breach = checkJsonShape(text, limits);
      if (breach) {
        const status = breach.id === 'http.json-too-deep' ? 400 : 413;
        throw httpError(status, breach.id, undefined, { limit: breach.limit });
      }
      try {
        exchange.resource = JSON.parse(text) as unknown;
      } catch {
        // Only on the failure path: the core parser says where the text goes wrong (line, column).
        throw new HttpError(400, validateText(text).issue);
      }
    },
  };
}
