import type { Bundle, Flag, Patient } from 'fhir/r4.js';
import { errorsOf, validate } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag, condition, consent, patient, patientFlag } from './test-support/ra-resources.js';
import { bodyAs, bundleOf, messageIds, outcomeOf, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
let patientId: string;
let otherPatientId: string;
const flagIds: string[] = [];
let conditionId: string;
let consentId: string;
let topFlagId: string;

const RA_CATEGORY = 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA';
const SNOMED = 'http://snomed.info/sct';

async function post<T>(type: string, body: unknown): Promise<T> {
  const res = await send(`${server.base}/${type}`, { method: 'POST', body });
  expect(res.status).toBe(201);
  return bodyAs<T>(res);
}

beforeAll(async () => {
  server = await startTestServer();
  patientId = (await post<Patient>('Patient', patient())).id as string;
  const other = patient();
  other.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }];
  otherPatientId = (await post<Patient>('Patient', other)).id as string;
  for (let i = 0; i < 5; i++) flagIds.push((await post<Flag>('Flag', adjustmentFlag(patientId))).id as string);
  await post<Flag>('Flag', adjustmentFlag(otherPatientId));
  conditionId = (await post<{ id: string }>('Condition', condition(patientId))).id;
  consentId = (await post<{ id: string }>('Consent', consent(patientId))).id;
  const details = [
    { type: 'Flag', id: flagIds[0] as string },
    { type: 'Condition', id: conditionId },
    { type: 'Consent', id: consentId },
  ];
  topFlagId = (await post<Flag>('Flag', patientFlag(patientId, details))).id as string;
});
afterAll(async () => {
  await server.close();
});

const ids = (bundle: Bundle, mode = 'match') => (bundle.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => e.resource?.id);

describe('search parameters', () => {
  it.each([
    ['patient reference', () => `patient=Patient/${patientId}`, 6],
    ['bare patient id', () => `patient=${patientId}`, 6],
    ['patient:identifier', () => 'patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888', 6],
    ['chained patient.identifier', () => 'patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888', 6],
    ['identifier (national style)', () => 'identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888', 6],
    ['token system|code', () => `patient=Patient/${patientId}&category=${RA_CATEGORY}|communication-support`, 5],
    ['token code only', () => `patient=Patient/${patientId}&category=communication-support`, 5],
    ['token |code (no system) finds none', () => `patient=Patient/${patientId}&category=|communication-support`, 0],
    ['token OR with comma', () => `patient=Patient/${patientId}&code=${SNOMED}|1082681000000103,national-reasonable-adjustment-flag`, 6],
    ['status', () => `patient=Patient/${patientId}&status=active`, 6],
    ['detail', () => `detail=Condition/${conditionId}`, 1],
    ['_id', () => `_id=${flagIds[1]},${flagIds[2]}`, 2],
    ['_lastUpdated', () => `patient=Patient/${patientId}&_lastUpdated=ge2000-01-01`, 6],
    ['_lastUpdated in the future', () => `patient=Patient/${patientId}&_lastUpdated=gt2999-01-01`, 0],
  ])('%s', async (_name, query, expected) => {
    const res = await send(`${server.base}/Flag?${query()}&_count=100`);
    expect(res.status).toBe(200);
    expect(ids(bundleOf(res))).toHaveLength(expected);
  });

  it.each([
    ['Condition', () => `patient=Patient/${patientId}&clinical-status=active`, 1],
    ['Consent', () => `patient=Patient/${patientId}&status=active`, 1],
    ['Patient', () => 'identifier=https://fhir.nhs.uk/Id/nhs-number|9912003888', 1],
  ])('%s search', async (type, query, expected) => {
    const res = await send(`${server.base}/${type}?${query()}`);
    expect(res.status).toBe(200);
    expect(ids(bundleOf(res))).toHaveLength(expected);
  });

  it('POST _search with form fields finds the same as GET', async () => {
    const res = await send(`${server.base}/Flag/_search`, {
      method: 'POST',
      body: `patient=Patient/${patientId}&category=communication-support`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(ids(bundleOf(res))).toHaveLength(5);
  });

  it.each([
    ['colour=red', 'http.search-parameter-unknown'],
    ['code:text=x', 'http.search-parameter-unknown'],
    ['_elements=id', 'http.search-parameter-unknown'],
    ['patient=Observation/1', 'http.search-parameter-invalid'],
    ['code=', 'http.search-parameter-invalid'],
    ['_lastUpdated=sa2020-01-01', 'http.search-parameter-invalid'],
    ['_sort=status', 'http.search-parameter-invalid'],
    ['_summary=true', 'http.search-parameter-invalid'],
    ['_count=ten', 'http.search-parameter-invalid'],
    ['_count=1&_count=2', 'http.search-parameter-repeated'],
    ['_include=Flag:code', 'http.search-parameter-invalid'],
    ['_cursor=forged', 'http.cursor-invalid'],
  ])('%s is a 400 naming the problem', async (query, id) => {
    const res = await send(`${server.base}/Flag?${query}`);
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual([id]);
  });

  it('names the unknown parameter in the diagnostics', async () => {
    const res = await send(`${server.base}/Flag?colour=red`);
    expect(outcomeOf(res).issue[0]?.diagnostics).toBe('Search parameter "colour" is not supported on Flag.');
  });

  it('does not echo a parameter name that does not look like one (it could be patient data)', async () => {
    const res = await send(`${server.base}/Flag?9912003888=x`);
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('9912003888');
  });
});

describe('paging, sorting and counting', () => {
  it('defaults to 20 and pages with next/previous cursors over every match exactly once', async () => {
    const query = `patient=Patient/${patientId}&_count=2`;
    const seen: string[] = [];
    let url: string | undefined = `${server.base}/Flag?${query}`;
    let pages = 0;
    let last: Bundle | undefined;
    while (url !== undefined) {
      const bundle = bundleOf(await send(url));
      expect(bundle.link?.find((l) => l.relation === 'self')).toBeDefined();
      seen.push(...(ids(bundle) as string[]));
      last = bundle;
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(6);
    const previous = last?.link?.find((l) => l.relation === 'previous')?.url;
    expect(previous).toContain('_cursor=');
    expect(ids(bundleOf(await send(previous as string)))).toHaveLength(2);
  });

  it('sorts by _lastUpdated both ways', async () => {
    const up = ids(bundleOf(await send(`${server.base}/Flag?patient=Patient/${patientId}&_sort=_lastUpdated`)));
    const down = ids(bundleOf(await send(`${server.base}/Flag?patient=Patient/${patientId}&_sort=-_lastUpdated`)));
    expect(up[0]).toBe(flagIds[0]);
    expect(down).toEqual([...up].reverse());
  });

  it('clamps _count above the maximum and says so in an outcome entry', async () => {
    const res = await send(`${server.base}/Flag?_count=500`);
    expect(res.status).toBe(200);
    const outcome = (bundleOf(res).entry ?? []).find((e) => e.search?.mode === 'outcome');
    expect(outcome?.resource?.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(outcome?.resource)).toContain('http.count-clamped');
  });

  it('_summary=count answers the total without entries', async () => {
    const bundle = bundleOf(await send(`${server.base}/Flag?patient=Patient/${patientId}&_summary=count`));
    expect(bundle.total).toBe(6);
    expect(bundle.entry).toBeUndefined();
  });
});

describe('_include', () => {
  it('Flag:detail and Flag:patient add the targets once, as include entries', async () => {
    const res = await send(`${server.base}/Flag?_id=${topFlagId}&_include=Flag:detail&_include=Flag:patient`);
    const bundle = bundleOf(res);
    expect(ids(bundle)).toEqual([topFlagId]);
    const included = (bundle.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
    expect(errorsOf(validate(bundle))).toEqual([]);
    expect(included.sort()).toEqual([`Condition/${conditionId}`, `Consent/${consentId}`, `Flag/${flagIds[0]}`, `Patient/${patientId}`].sort());
  });
});

describe('PatientFlag', () => {
  it('answers the top-level flag with its details for an NHS number', async () => {
    const res = await send(`${server.base}/PatientFlag?patient=9912003888`);
    expect(res.status).toBe(200);
    const bundle = bundleOf(res);
    expect(ids(bundle)).toEqual([topFlagId]);
    expect(ids(bundle, 'include')).toHaveLength(3);
  });

  it.each([['NRAF'], ['national-reasonable-adjustment-flag']])('accepts code=%s', async (code) => {
    const bundle = bundleOf(await send(`${server.base}/PatientFlag?patient=9912003888&code=${code}`));
    expect(ids(bundle)).toEqual([topFlagId]);
  });

  it('finds nothing for a patient with no flag', async () => {
    const bundle = bundleOf(await send(`${server.base}/PatientFlag?patient=9434765919`));
    expect(ids(bundle)).toEqual([]);
  });

  it.each([
    ['', 'http.patient-required'],
    ['?patient=12', 'business.nhs-number-format'],
    ['?patient=9912003888&status=active', 'http.search-parameter-unknown'],
  ])('GET /PatientFlag%s is a 400', async (query, id) => {
    const res = await send(`${server.base}/PatientFlag${query}`);
    expect(res.status).toBe(400);
    expect(messageIds(res)).toEqual([id]);
  });
});
