import type { OperationOutcome } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FhirHttpError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, RaflagClientError } from './errors.js';
import { httpError, outcomeOf } from './http-error.js';

const conflict: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'conflict', details: { text: 'Version mismatch' } }],
};

describe('httpError', () => {
  it.each([
    [404, NotFoundError],
    [410, NotFoundError],
    [412, PreconditionFailedError],
    [428, PreconditionRequiredError],
    [400, FhirHttpError],
    [500, FhirHttpError],
  ])('maps %d to %s', (status, type) => {
    const error = httpError(status, conflict, 'b3c1b8a4-8e6f-4f55-9d77-7b0b8e3f1a10');
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(RaflagClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.outcome).toBe(conflict);
    expect(error.requestId).toBe('b3c1b8a4-8e6f-4f55-9d77-7b0b8e3f1a10');
    expect(error.message).toBe(`HTTP ${status}: Version mismatch`);
    expect(error.name).toBe(type.name);
  });

  it('falls back to diagnostics for the message', () => {
    const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'Nope' }] };
    expect(httpError(422, outcome).message).toBe('HTTP 422: Nope');
  });
});

describe('outcomeOf', () => {
  it.each([[undefined], ['<html>Bad gateway</html>'], [{ resourceType: 'Bundle' }], [{ resourceType: 'OperationOutcome' }]])(
    'stands in for a body that is not an OperationOutcome: %j',
    (body) => {
      const outcome = outcomeOf(502, body);
      expect(outcome.issue).toEqual([{ severity: 'error', code: 'exception', diagnostics: 'HTTP 502 without an OperationOutcome' }]);
    },
  );

  it('says throttled for 429', () => {
    expect(outcomeOf(429, undefined).issue[0]?.code).toBe('throttled');
  });
});
