import { httpError } from '../http-error.js';
import { acceptsFhirJson } from '../media-type.js';
import type { Stage } from '../pipeline.js';

/** 406 unless the client accepts FHIR JSON (decision 1). */
export const negotiateStage: Stage = {
  name: 'negotiate',
  always: false,
  run(exchange) {
    if (!acceptsFhirJson(exchange.req.headers.accept, exchange.query.get('_format'))) {
      throw httpError(406, 'http.not-acceptable', undefined);
    }
  },
};
