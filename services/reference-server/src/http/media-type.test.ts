import { describe, expect, it } from 'vitest';
import { acceptsFhirJson, isFormContentType, isJsonContentType } from './media-type.js';

describe('isJsonContentType', () => {
  it.each([
    ['application/fhir+json', true],
    ['application/json', true],
    ['Application/FHIR+JSON; charset=UTF-8', true],
    ['application/json; charset=iso-8859-1', false],
    ['application/fhir+xml', false],
    ['text/plain', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});

describe('isFormContentType', () => {
  it.each([
    ['application/x-www-form-urlencoded', true],
    ['application/x-www-form-urlencoded; charset=utf-8', true],
    ['application/json', false],
  ])('%s → %s', (header, expected) => {
    expect(isFormContentType(header)).toBe(expected);
  });
});

describe('acceptsFhirJson', () => {
  it.each([
    [undefined, null, true],
    ['', null, true],
    ['*/*', null, true],
    ['application/*', null, true],
    ['application/fhir+json', null, true],
    ['application/xml, application/json;q=0.1', null, true],
    ['application/fhir+json;q=0', null, false],
    ['application/fhir+xml', null, false],
    ['text/html', null, false],
    ['text/html', 'json', true],
    ['application/json', 'xml', false],
    [undefined, 'application/fhir+json', true],
  ])('Accept %s, _format %s → %s', (accept, format, expected) => {
    expect(acceptsFhirJson(accept, format)).toBe(expected);
  });
});
