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

/** fhir-kit-client's own loose resource type, and the FHIR R4 types the tests read with. */
type KitResource = Parameters<Client['create']>[0]['body'];
const kit = (resource: object): KitResource => resource as unknown as KitResource;
const as = <T>(resource: unknown): T => resource as T;

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
    const statement = as<CapabilityStatement>(await client.capabilityStatement());
    expect(statement.fhirVersion).toBe('4.0.1');
  });

  it('creates, reads, updates with If-Match and searches', async () => {
    const created = as<Patient>(await client.create({ resourceType: 'Patient', body: kit(patient()) }));
    expect(created.meta?.versionId).toBe('1');
    const flag = as<Flag>(await client.create({ resourceType: 'Flag', body: kit(adjustmentFlag(created.id as string)) }));

    const read = as<Flag>(await client.read({ resourceType: 'Flag', id: flag.id as string }));
    expect(read.code).toEqual(flag.code);

    const inactive: Flag = { ...read, status: 'inactive' };
    const updated = as<Flag>(await client.update({
      resourceType: 'Flag',
      id: flag.id as string,
      body: kit(inactive),
      options: { headers: { 'If-Match': 'W/"1"' } },
    }));
    expect(updated.meta?.versionId).toBe('2');
    expect(updated.status).toBe('inactive');

    const found = as<Bundle>(await client.search({ resourceType: 'Flag', searchParams: { patient: `Patient/${created.id}`, status: 'inactive' } }));
    expect(found.entry?.map((e) => e.resource?.id)).toEqual([flag.id]);

    const posted = as<Bundle>(await client.search({
      resourceType: 'Flag',
      searchParams: { patient: `Patient/${created.id}` },
      options: { postSearch: true },
    }));
    expect(posted.entry?.map((e) => e.resource?.id)).toEqual([flag.id]);
  });

  it('sees 428 for an update without If-Match and 412 for a stale one, as OperationOutcomes', async () => {
    const created = as<Patient>(await client.create({ resourceType: 'Patient', body: kit(patient()) }));
    const missing = await failure(client.update({ resourceType: 'Patient', id: created.id as string, body: kit(created) }));
    expect(missing.response.status).toBe(428);
    expect(missing.response.data.resourceType).toBe('OperationOutcome');
    const stale = await failure(
      client.update({ resourceType: 'Patient', id: created.id as string, body: kit(created), options: { headers: { 'If-Match': 'W/"9"' } } }),
    );
    expect(stale.response.status).toBe(412);
  });

  it('follows next links with nextPage', async () => {
    const created = as<Patient>(await client.create({ resourceType: 'Patient', body: kit(patient()) }));
    for (let i = 0; i < 3; i++) await client.create({ resourceType: 'Flag', body: kit(adjustmentFlag(created.id as string)) });
    const first = as<Bundle>(await client.search({ resourceType: 'Flag', searchParams: { patient: `Patient/${created.id}`, _count: 2 } }));
    const second = as<Bundle>(await client.nextPage({ bundle: first as unknown as Parameters<Client['nextPage']>[0]['bundle'] }));
    expect(first.entry).toHaveLength(2);
    expect(second.entry).toHaveLength(1);
  });
});
