import { capabilityStatement } from '../capability-statement.js';
import { jsonResponse } from '../fhir-response.js';
import type { Handler } from '../route-def.js';

const STARTED = new Date().toISOString();

/** GET /metadata: the CapabilityStatement generated from the route table being served. */
export const metadataHandler: Handler = async (exchange, { routes, security }) => jsonResponse(200, capabilityStatement(routes, exchange.baseUrl, STARTED, security));
