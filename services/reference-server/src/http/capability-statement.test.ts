import type { CapabilityStatement } from 'fhir/r4.js';
import { hasErrors, validate } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchParameters } from '../search/search-parameters.js';
import { routes } from './routes.js';
import { bodyAs, send, startTestServer, type TestServer } from './test-support/test-server.js';

let server: TestServer;
let statement: CapabilityStatement;
beforeAll(async () => {
  server = await startTestServer();
  const res = await send(`${server.base}/metadata`);
  expect(res.status).toBe(200);
  statement = bodyAs<CapabilityStatement>(res);
});
afterAll(async () => {
  await server.close();
});

const TYPE_LEVEL = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

describe('GET /metadata', () => {
  it('is an R4 CapabilityStatement for JSON', () => {
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.format).toContain('application/fhir+json');
  });

  it('is itself valid R4 by the same validator the server writes with', () => {
    expect(hasErrors(validate(statement))).toBe(false);
  });

  it('lists exactly the resource types and interactions the route table serves', () => {
    const resources = statement.rest?.[0]?.resource ?? [];
    const fromRoutes = new Map<string, Set<string>>();
    for (const route of routes) {
      for (const type of route.types) {
        const set = fromRoutes.get(type) ?? new Set<string>();
        if (TYPE_LEVEL.includes(route.interaction)) set.add(route.interaction);
        fromRoutes.set(type, set);
      }
    }
    expect(resources.map((r) => r.type).sort()).toEqual([...fromRoutes.keys()].sort());
    for (const resource of resources) {
      expect(resource.interaction?.map((i) => i.code).sort()).toEqual([...(fromRoutes.get(resource.type) ?? [])].sort());
    }
  });

  it('lists exactly the search parameters of the search-parameter table', () => {
    for (const resource of statement.rest?.[0]?.resource ?? []) {
      const table = (searchParameters[resource.type] ?? []).map((p) => p.name).sort();
      expect(resource.searchParam?.map((p) => p.name).sort()).toEqual(table);
    }
  });

  it('says Provenance is read-only and Flag supports Flag:detail and Flag:patient includes', () => {
    const resources = statement.rest?.[0]?.resource ?? [];
    const provenance = resources.find((r) => r.type === 'Provenance');
    expect(provenance?.interaction?.map((i) => i.code).sort()).toEqual(['history-instance', 'history-type', 'read', 'search-type', 'vread']);
    expect(resources.find((r) => r.type === 'Flag')?.searchInclude).toEqual(expect.arrayContaining(['Flag:detail', 'Flag:patient']));
  });

  it('offers transaction and batch at the system level and $validate', () => {
    expect(statement.rest?.[0]?.interaction?.map((i) => i.code)).toEqual(['transaction', 'batch']);
    expect(statement.rest?.[0]?.operation?.[0]?.name).toBe('validate');
  });

  it('every interaction it advertises answers something other than 404/405', async () => {
    const paths: Record<string, (type: string) => [string, string]> = {
      'search-type': (t) => ['GET', `/${t}`],
      'history-type': (t) => ['GET', `/${t}/_history`],
      read: (t) => ['GET', `/${t}/unknown-id`],
    };
    for (const resource of statement.rest?.[0]?.resource ?? []) {
      for (const { code } of resource.interaction ?? []) {
        const make = paths[code];
        if (!make) continue;
        const [method, path] = make(resource.type);
        const res = await send(`${server.base}${path}`, { method });
        expect(res.status === 405 || (res.status === 404 && !res.text.includes('http.resource-not-found'))).toBe(false);
      }
    }
  });
});
