import type { BundleEntry } from 'fhir/r4.js';
import { issueId } from '@raflag/core';
import { describe, expect, it } from 'vitest';
import { EntryFailure } from './entry-failure.js';
import { parseIfMatch, readEntryRequest } from './entry-request.js';

describe('parseIfMatch', () => {
  it.each([
    ['W/"3"', 3],
    ['"12"', 12],
    ['7', 7],
    [' W/"1" ', 1],
    ['W/"0"', undefined],
    ['W/"x"', undefined],
    ['*', undefined],
    ['', undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseIfMatch(value)).toBe(expected);
  });
});

const patient = { resourceType: 'Patient' as const };

function failure(entry: BundleEntry): { status: number; id: string | undefined; expression: string | undefined } {
  try {
    readEntryRequest(entry, 4, 'transaction');
  } catch (error) {
    if (error instanceof EntryFailure) return { status: error.status, id: issueId(error.issues[0] ?? { severity: 'error', code: 'x' }), expression: error.issues[0]?.expression?.[0] };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('readEntryRequest', () => {
  it.each([
    ['POST Patient', { resource: patient, request: { method: 'POST', url: 'Patient' } }, { method: 'POST', resourceType: 'Patient', id: undefined }],
    ['PUT Patient/abc', { resource: { ...patient, id: 'abc' }, request: { method: 'PUT', url: 'Patient/abc' } }, { method: 'PUT', resourceType: 'Patient', id: 'abc' }],
    ['an absolute URL', { request: { method: 'GET', url: 'http://example.org/fhir/Flag/x-1' } }, { method: 'GET', resourceType: 'Flag', id: 'x-1' }],
    ['DELETE with If-Match', { request: { method: 'DELETE', url: 'Flag/f1', ifMatch: 'W/"2"' } }, { method: 'DELETE', resourceType: 'Flag', id: 'f1', ifMatch: 2 }],
  ] as [string, BundleEntry, object][])('reads %s', (_what, entry, expected) => {
    expect(readEntryRequest(entry, 0, 'transaction')).toMatchObject(expected);
  });

  it('keeps the If-None-Exist query without its "?"', () => {
    const read = readEntryRequest({ resource: patient, request: { method: 'POST', url: 'Patient', ifNoneExist: '?identifier=a|b' } }, 0, 'batch');
    expect(read.ifNoneExist).toBe('identifier=a|b');
  });

  it.each([
    ['no request', { resource: patient }, 400, 'bundle.request-missing', 'Bundle.entry[4].request'],
    ['HEAD', { request: { method: 'HEAD', url: 'Patient/a' } }, 400, 'bundle-process.method-unsupported', 'Bundle.entry[4].request.method'],
    ['POST to an instance', { resource: patient, request: { method: 'POST', url: 'Patient/a' } }, 400, 'bundle-process.url-invalid', 'Bundle.entry[4].request.url'],
    ['PUT without an id', { resource: patient, request: { method: 'PUT', url: 'Patient' } }, 400, 'bundle-process.url-invalid', 'Bundle.entry[4].request.url'],
    ['a search GET', { request: { method: 'GET', url: 'Flag?patient=Patient/a' } }, 400, 'bundle-process.url-invalid', 'Bundle.entry[4].request.url'],
    ['a conditional delete', { request: { method: 'DELETE', url: 'Flag?status=active' } }, 400, 'bundle-process.conditional-unsupported', 'Bundle.entry[4].request.url'],
    ['a type mismatch', { resource: patient, request: { method: 'POST', url: 'Flag' } }, 400, 'http.resource-type-mismatch', 'Bundle.entry[4].resource.resourceType'],
    ['an id mismatch', { resource: { ...patient, id: 'b' }, request: { method: 'PUT', url: 'Patient/a' } }, 400, 'http.id-mismatch', 'Bundle.entry[4].resource.id'],
    ['a missing resource', { request: { method: 'POST', url: 'Patient' } }, 400, 'http.body-missing', 'Bundle.entry[4].resource'],
    ['a read-only type', { request: { method: 'DELETE', url: 'Provenance/p' } }, 400, 'bundle-process.type-not-supported', 'Bundle.entry[4].request.url'],
    ['a bad If-Match', { request: { method: 'DELETE', url: 'Flag/f', ifMatch: 'latest' } }, 400, 'http.if-match-invalid', 'Bundle.entry[4].request.ifMatch'],
  ] as [string, BundleEntry, number, string, string][])('refuses %s', (_what, entry, status, id, expression) => {
    expect(failure(entry)).toEqual({ status, id, expression });
  });
});
