import { ENGLAND_CS, NHS_NUMBER_SYSTEM } from '@raflag/core';
import { jsonResponse } from '../fhir-response.js';
import { httpError } from '../http-error.js';
import type { Handler } from '../route-def.js';
import { CURSOR_PARAM, DEFAULT_COUNT, type ParsedSearch } from '../search/parse-search.js';
import { runSearch } from '../search/run-search.js';
import { safeParameterName } from '../search/parameter-name.js';

const PATIENT_FLAG_SYSTEM = `${ENGLAND_CS}/England-FlagCategoryPatient`;
const NRAF = 'national-reasonable-adjustment-flag';
/** The national API documentation still writes the retired short code. */
const CODE_ALIASES: Readonly<Record<string, string>> = { NRAF };
const ALLOWED = new Set(['patient', 'code', '_format', CURSOR_PARAM]);

/**
 * GET /PatientFlag?patient=<NHS number>[&code=…]: the national API's shape. The top-level flags of
 * that code (national-reasonable-adjustment-flag when none is given) for the patient with that NHS
 * number, each with its detail resources included, as one searchset Bundle.
 */
export const patientFlagHandler: Handler = async (exchange, { store, limits }) => {
  const query = exchange.query;
  for (const key of query.keys()) {
    if (!ALLOWED.has(key)) throw httpError(400, 'http.search-parameter-unknown', undefined, { name: safeParameterName(key), type: 'PatientFlag' });
  }
  for (const name of ['patient', 'code', CURSOR_PARAM]) {
    if (query.getAll(name).length > 1) throw httpError(400, 'http.search-parameter-repeated', undefined, { name });
  }
  const patient = query.get('patient');
  if (patient === null) throw httpError(400, 'http.patient-required', undefined);
  if (!/^\d{10}$/.test(patient)) throw httpError(400, 'business.nhs-number-format', undefined);
  const codeRaw = query.get('code') ?? NRAF;
  const code = CODE_ALIASES[codeRaw] ?? codeRaw;
  const parsed: ParsedSearch = {
    query: {
      resourceType: 'Flag',
      conditions: [
        { kind: 'identifier', param: 'patient', values: [{ system: NHS_NUMBER_SYSTEM, value: patient }] },
        { kind: 'token', param: 'code', values: [{ system: PATIENT_FLAG_SYSTEM, code }] },
      ],
      sort: '-lastUpdated',
      count: DEFAULT_COUNT,
      cursor: query.get(CURSOR_PARAM) ?? undefined,
    },
    summaryCount: false,
    includes: ['detail'],
    clampedFrom: undefined,
  };
  const bundle = await runSearch({ store, baseUrl: exchange.baseUrl, path: 'PatientFlag', params: query, parsed, countMax: limits.countMax });
  return jsonResponse(200, bundle);
};
