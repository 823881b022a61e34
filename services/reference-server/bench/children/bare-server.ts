// The baseline: a minimal Express 5 app answering one route with fixed bytes from memory.
import express from 'express';
import type { AddressInfo } from 'node:net';

interface Fixture {
  readonly body: string;
  readonly contentType: string;
}

function isFixture(value: unknown): value is Fixture {
  return typeof value === 'object' && value !== null && typeof (value as Fixture).body === 'string' && typeof (value as Fixture).contentType === 'string';
}

process.once('message', (message: unknown) => {
  if (!isFixture(message)) throw new Error('bare server expects { body, contentType }');
  const bytes = Buffer.from(message.body);
  const app = express();
  app.get('/fhir/PatientFlag', (_req, res) => {
    res.set('content-type', message.contentType).send(bytes);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ url: `http://127.0.0.1:${port}` });
  });
  process.on('message', (next) => {
    if (next === 'stop') server.close(() => process.exit(0));
  });
});
