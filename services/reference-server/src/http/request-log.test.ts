import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { RequestLog } from './request-log.js';

function capture(): { lines: Record<string, unknown>[]; log: RequestLog } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: new RequestLog(createLogger({ level: 'info', destination })) };
}

describe('RequestLog', () => {
  it('writes every field bound so far, including ones bound after an earlier line', async () => {
    const { lines, log } = capture();
    log.bind({ requestId: 'r-1' });
    log.logger.info('first');
    log.bind({ route: '/fhir/Flag/:id', clientId: 'demo-gp-riverside' });
    log.logger.info('second');
    await new Promise((done) => setImmediate(done));
    expect(lines.map((line) => [line['msg'], line['requestId'], line['route'], line['clientId']])).toEqual([
      ['first', 'r-1', undefined, undefined],
      ['second', 'r-1', '/fhir/Flag/:id', 'demo-gp-riverside'],
    ]);
  });

  it('makes one child for as long as nothing new is bound', () => {
    const { log } = capture();
    log.bind({ requestId: 'r-2' });
    const first = log.logger;
    expect(log.logger).toBe(first);
    log.bind({ clientId: 'c' });
    expect(log.logger).not.toBe(first);
  });

  it('writes a line with the bound fields without making a child, and through the child once one exists', async () => {
    const { lines, log } = capture();
    log.bind({ requestId: 'r-3', route: '/fhir/PatientFlag' });
    log.info({ status: 200 }, 'request served');
    const child = log.logger;
    log.info({ status: 201 }, 'again');
    expect(log.logger).toBe(child);
    await new Promise((done) => setImmediate(done));
    expect(lines.map((line) => [line['msg'], line['requestId'], line['route'], line['status'], line['service']])).toEqual([
      ['request served', 'r-3', '/fhir/PatientFlag', 200, 'raflag-reference-server'],
      ['again', 'r-3', '/fhir/PatientFlag', 201, 'raflag-reference-server'],
    ]);
  });

  it('scrubs and redacts the bound fields written into the line as it would the child', async () => {
    const { lines, log } = capture();
    log.bind({ requestId: 'r-4', route: '/fhir/PatientFlag?patient=9434765919' });
    log.info({ headers: { authorization: 'Bearer secret' } }, 'request served');
    await new Promise((done) => setImmediate(done));
    const text = JSON.stringify(lines);
    expect(text).not.toContain('9434765919');
    expect(text).not.toContain('secret');
  });
});
