import { validate } from '@raflag/core';
import { jsonResponse } from '../fhir-response.js';
import { httpError } from '../http-error.js';
import type { Handler } from '../route-def.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `$validate` takes the resource itself or a Parameters with a `resource` part. */
function resourceOf(body: unknown): unknown {
  if (!isObject(body) || body['resourceType'] !== 'Parameters' || !Array.isArray(body['parameter'])) return body;
  const part = (body['parameter'] as unknown[]).find((p) => isObject(p) && p['name'] === 'resource');
  return isObject(part) && 'resource' in part ? part['resource'] : body;
}

/**
 * POST [type]/$validate and POST /$validate: always 200 with `validate`'s OperationOutcome (the
 * operation succeeded; the payload's problems are its answer). `?profile=` validates against a
 * profile the payload does not claim.
 */
export const validateHandler: Handler = async (exchange, { params, resource }) => {
  const type = params['type'];
  const target = resourceOf(resource);
  if (type !== undefined && isObject(target) && typeof target['resourceType'] === 'string' && target['resourceType'] !== type) {
    throw httpError(400, 'http.resource-type-mismatch', 'resourceType', { found: 'another resource type', expected: type });
  }
  const profile = exchange.query.get('profile') ?? undefined;
  return jsonResponse(200, validate(target, profile === undefined ? {} : { profile }));
};
