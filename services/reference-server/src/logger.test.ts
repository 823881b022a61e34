import { describe, expect, it } from 'vitest';
import { CENSOR, createLogger, requestLogger, safePath, scrubLine, scrubText } from './logger.js';

const NHS_NUMBER = '9912003888';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (chunk: string) => void lines.push(chunk) } });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('writes one JSON object per line with a level label and time', () => {
    const { logger, records } = capture();
    logger.info('started');
    expect(records()).toEqual([expect.objectContaining({ level: 'info', msg: 'started', service: 'raflag-reference-server', time: expect.any(String) })]);
  });

  it('puts the request id and route template on every line of a request', () => {
    const { logger, records } = capture();
    const log = requestLogger(logger, { requestId: 'a1b2c3d4-0000-4000-8000-000000000001', method: 'GET', route: '/fhir/Flag' });
    log.info('request received');
    log.info({ status: 200 }, 'request completed');
    expect(records()).toHaveLength(2);
    for (const record of records()) {
      expect(record).toMatchObject({ requestId: 'a1b2c3d4-0000-4000-8000-000000000001', method: 'GET', route: '/fhir/Flag' });
    }
  });

  it.each([
    ['a request body', { body: { resourceType: 'Patient', identifier: [{ value: NHS_NUMBER }] } }],
    ['a query string', { query: { patient: NHS_NUMBER } }],
    ['a full URL', { url: `/fhir/PatientFlag?patient=${NHS_NUMBER}` }],
    ['a nested request', { req: { url: `/fhir/Flag?patient:identifier=x|${NHS_NUMBER}`, headers: { authorization: 'Bearer t' } } }],
    ['a resource', { resource: { resourceType: 'Patient', identifier: [{ value: NHS_NUMBER }] } }],
    ['an error message', { err: new Error(`no patient ${NHS_NUMBER}`) }],
    ['a free-form field', { detail: `lookup of ${NHS_NUMBER} failed` }],
    ['a spaced number', { detail: 'lookup of 991 200 3888 failed' }],
  ])('never writes an NHS number carried in %s', (_what, fields) => {
    const { logger, lines } = capture();
    logger.info(fields, 'something happened');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(NHS_NUMBER);
    expect(lines[0]).not.toContain('991 200 3888');
    expect(lines[0]).toContain(CENSOR);
  });

  it('censors bodies, queries, URLs and headers at any depth of a logged object, and in bindings', () => {
    const { logger, lines, records } = capture();
    const note = 'attends with a carer; prefers easy read';
    logger.info({ detail: { request: { body: note, query: note, headers: { authorization: 'Bearer t' } } }, list: [{ url: note }] }, 'nested');
    logger.child({ resource: note, requestId: 'r1' }).info('bound');
    expect(lines.join('')).not.toContain(note);
    expect(lines.join('')).not.toContain('Bearer');
    expect(records()[0]).toMatchObject({ detail: { request: { body: CENSOR, query: CENSOR, headers: CENSOR } }, list: [{ url: CENSOR }] });
    expect(records()[1]).toMatchObject({ resource: CENSOR, requestId: 'r1' });
  });

  it('never writes an NHS number in the message text or the route', () => {
    const { logger, lines } = capture();
    const log = requestLogger(logger, { requestId: 'r', method: 'GET', route: `/fhir/Patient/${NHS_NUMBER}` });
    log.warn(`patient ${NHS_NUMBER} not found`);
    expect(lines.join('')).not.toContain(NHS_NUMBER);
  });

  it('never writes an NHS number bound to a child logger', () => {
    const { logger, lines } = capture();
    logger.child({ url: `/fhir/Flag?identifier=${NHS_NUMBER}`, path: `/fhir/Patient/${NHS_NUMBER}` }).info('request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(NHS_NUMBER);
  });

  it('masks an NHS number sent as a JSON number, and every line stays valid JSON', () => {
    const { logger, lines, records } = capture();
    logger.info({ nhs: Number(NHS_NUMBER) }, 'numeric');
    logger.child({ note: `"quoted" ${NHS_NUMBER}` }).info('escaped quotes');
    expect(lines.join('')).not.toContain(NHS_NUMBER);
    expect(records().map((r) => r['msg'])).toEqual(['numeric', 'escaped quotes']);
  });

  it('keeps ordinary numbers that are not NHS-number shaped', () => {
    const { logger, records } = capture();
    logger.info({ status: 201, durationMs: 12, count: 12345 }, 'done');
    expect(records()[0]).toMatchObject({ status: 201, durationMs: 12, count: 12345 });
  });
});

describe('safePath, scrubText and scrubLine', () => {
  it('scrubLine masks inside JSON strings only', () => {
    expect(scrubLine(`{"a":"x ${NHS_NUMBER}","n":1234567890}`)).toBe(`{"a":"x ${CENSOR}","n":1234567890}`);
  });

  it.each([
    [`/fhir/PatientFlag?patient=${NHS_NUMBER}`, '/fhir/PatientFlag'],
    [`/fhir/Patient/${NHS_NUMBER}/_history/1`, `/fhir/Patient/${CENSOR}/_history/1`],
    ['/fhir/Flag/abc#x', '/fhir/Flag/abc'],
  ])('safePath(%s) is %s', (url, expected) => {
    expect(safePath(url)).toBe(expected);
  });

  it('masks only ten-digit runs', () => {
    expect(scrubText(`a ${NHS_NUMBER} b 123456789 c 12345678901`)).toBe(`a ${CENSOR} b 123456789 c 12345678901`);
  });
});
