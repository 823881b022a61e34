import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStages } from '../app.js';
import { defaultLimits } from '../config.js';
import { createLogger } from '../logger.js';
import { routes } from './routes.js';
import { send, startTestServer, type TestServer } from './test-support/test-server.js';

const lines: string[] = [];
let server: TestServer;
beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  server = await startTestServer({ logger: createLogger({ level: 'info', destination }) });
});
afterAll(async () => {
  await server.close();
});

describe('the request pipeline', () => {
  it('runs named stages in the designed order: routing before authentication, so a 404 needs no token', () => {
    const names = defaultStages(server.store, defaultLimits, routes, undefined, true).map((stage) => stage.name);
    expect(names).toEqual(['requestId', 'limits', 'negotiate', 'route', 'authenticate', 'parseBody', 'authorise', 'consentGate', 'handle', 'audit', 'respond']);
  });

  it('audits every request, answered or refused, with the request id and route template and no patient data', async () => {
    const requestId = '6f1c2b9e-8a1d-4c3e-9f2a-0b1c2d3e4f50';
    await send(`${server.base}/PatientFlag?patient=9912003888`, { headers: { 'X-Request-ID': requestId } });
    const refusedId = '6f1c2b9e-8a1d-4c3e-9f2a-0b1c2d3e4f51';
    await send(`${server.base}/Unknown/9912003888`, { headers: { 'X-Request-ID': refusedId } });
    const audited = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'request served');
    expect(audited.find((line) => line['requestId'] === requestId)).toMatchObject({ route: '/fhir/PatientFlag', status: 200, interaction: 'patient-flag-read' });
    expect(audited.find((line) => line['requestId'] === refusedId)).toMatchObject({ status: 404, interaction: 'none' });
    expect(lines.join('')).not.toContain('9912003888');
  });
});
