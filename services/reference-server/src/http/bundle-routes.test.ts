import type { Bundle } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NHS_NUMBER, transactionBundle } from './test-support/ra-resources.js';
import { bundleOf, messageIds, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('POST /fhir and POST /fhir/PatientFlag', () => {
  it('POST /fhir carries out a transaction; PatientFlag then answers the flag with its details', async () => {
    const res = await send(server.base, { method: 'POST', body: transactionBundle() });
    expect(res.status).toBe(200);
    expect(bundleOf(res).type).toBe('transaction-response');
    const record = bundleOf(await send(`${server.base}/PatientFlag?patient=${NHS_NUMBER}`));
    const matches = (record.entry ?? []).filter((e) => e.search?.mode === 'match');
    const included = (record.entry ?? []).filter((e) => e.search?.mode === 'include');
    expect(matches).toHaveLength(1);
    expect(included.map((e) => e.resource?.resourceType).sort()).toEqual(['Condition', 'Condition', 'Consent', 'Flag', 'Flag', 'Flag']);
  });

  it('POST /fhir/PatientFlag takes a transaction Bundle too', async () => {
    const bundle: Bundle = transactionBundle();
    const res = await send(`${server.base}/PatientFlag`, { method: 'POST', body: bundle });
    expect(res.status).toBe(200);
    expect(bundleOf(res).type).toBe('transaction-response');
  });

  it('refuses a Bundle that fails validation and stores nothing', async () => {
    const bundle = transactionBundle();
    const before = bundleOf(await send(`${server.base}/Flag?_summary=count`)).total;
    const flag = bundle.entry?.[2]?.resource as { code: { coding: { code: string }[] } };
    (flag.code.coding[0] as { code: string }).code = '12345';
    const res = await send(server.base, { method: 'POST', body: bundle });
    expect(res.status).toBe(422);
    expect(messageIds(res).length).toBeGreaterThan(0);
    expect(bundleOf(await send(`${server.base}/Flag?_summary=count`)).total).toBe(before);
  });
});
