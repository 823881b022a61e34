import type { Bundle, CapabilityStatement, Flag, OperationOutcome, Patient } from 'fhir/r4.js';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag, patient } from './test-support/ra-resources.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startTestServer();
  client = new Client({ baseUrl: server.base });
});
afterAll(async () => {
  await server.close();
});

/** What fhir-kit-client throws for a non-2xx answer. */
interface ClientError {
  readonly response: { readonly status: number; readonly data: OperationOutcome };
}

async function failure(call: Promise<unknown>): Promise<ClientError> {
  try {
    await call;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('expected the call to fail');
}

describe('a third-party client (fhir-kit-client)', () => {
  it('reads the CapabilityStatement', async () => {
    const statement = (await client.capabilityStatement()) as CapabilityStatement;
    expect(statement.fhirVersion).toBe('4.0.1');
  });

  it('creates, reads, updates with If-Match and searches', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: patient() })) as Patient;
    expect(created.meta?.versionId).toBe('1');
    const flag = (await client.create({ resourceType: 'Flag', body: adjustmentFlag(created.id as string) })) as Flag;

    const read = (await client.read({ resourceType: 'Flag', id: flag.id as string })) as Flag;
    expect(read.code).toEqual(flag.code);

    const inactive: Flag = { ...read, status: 'inactive' };
    const updated = (await client.update({
      resourceType: 'Flag',
      id: flag.id as string,
      body: inactive,
      options: { headers: { 'If-Match': 'W/"1"' } },
    })) as Flag;
    expect(updated.meta?.versionId).toBe('2');
    expect(updated.status).toBe('inactive');

    const found = (await client.search({ resourceType: 'Flag', searchParams: { patient: `Patient/${created.id}`, status: 'inactive' } })) as Bundle;
    expect(found.entry?.map((e) => e.resource?.id)).toEqual([flag.id]);

    const posted = (await client.search({
      resourceType: 'Flag',
      searchParams: { patient: `Patient/${created.id}` },
      options: { postSearch: true },
    })) as Bundle;
    expect(posted.entry?.map((e) => e.resource?.id)).toEqual([flag.id]);
  });

  it('sees 428 for an update without If-Match and 412 for a stale one, as OperationOutcomes', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: patient() })) as Patient;
    const missing = await failure(client.update({ resourceType: 'Patient', id: created.id as string, body: created }));
    expect(missing.response.status).toBe(428);
    expect(missing.response.data.resourceType).toBe('OperationOutcome');
    const stale = await failure(
      client.update({ resourceType: 'Patient', id: created.id as string, body: created, options: { headers: { 'If-Match': 'W/"9"' } } }),
    );
    expect(stale.response.status).toBe(412);
  });

  it('follows next links with nextPage', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: patient() })) as Patient;
    for (let i = 0; i < 3; i++) await client.create({ resourceType: 'Flag', body: adjustmentFlag(created.id as string) });
    const first = (await client.search({ resourceType: 'Flag', searchParams: { patient: `Patient/${created.id}`, _count: 2 } })) as Bundle;
    const second = (await client.nextPage({ bundle: first })) as Bundle;
    expect(first.entry).toHaveLength(2);
    expect(second.entry).toHaveLength(1);
  });
});
