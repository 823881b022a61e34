import { processBundle } from '../../bundle/process-bundle.js';
import { jsonResponse } from '../fhir-response.js';
import type { Handler } from '../route-def.js';

/** POST /fhir and POST /fhir/PatientFlag: a transaction or batch Bundle, handed to the Bundle processor. */
export const bundleHandler: Handler = async (exchange, { store, resource }) => {
  const result = await processBundle(store, resource, {
    baseUrl: exchange.baseUrl,
    idempotencyKey: exchange.clientRequestId,
    logger: exchange.log,
  });
  return jsonResponse(result.status, result.body);
};
