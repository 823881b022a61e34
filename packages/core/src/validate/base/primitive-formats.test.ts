import { describe, expect, it } from 'vitest';
import { isFhirString, isValidPrimitive, primitiveFormat, primitiveNames } from './primitive-formats.js';
import { r4Primitives } from './definitions.js';

const valid: [string, unknown][] = [
  ['base64Binary', 'SGVsbG8='],
  ['base64Binary', 'SGVs bG8h'],
  ['base64Binary', 'QQ=='],
  ['boolean', true],
  ['boolean', false],
  ['canonical', 'http://hl7.org/fhir/ValueSet/flag-status|4.0.1'],
  ['canonical', '#local'],
  ['code', 'active'],
  ['code', 'two words'],
  ['date', '2024'],
  ['date', '2024-02'],
  ['date', '2024-02-29'],
  ['date', '2000-02-29'],
  ['date', '0001-01-01'],
  ['dateTime', '2024'],
  ['dateTime', '2024-01'],
  ['dateTime', '2024-01-31'],
  ['dateTime', '2024-01-01T11:00:00+00:00'],
  ['dateTime', '2024-01-01T11:00:00Z'],
  ['dateTime', '2024-01-01T11:00:00.123-05:30'],
  ['dateTime', '2016-12-31T23:59:60Z'],
  ['dateTime', '2024-01-01T00:00:00+14:00'],
  ['decimal', 1.5],
  ['decimal', -0.001],
  ['decimal', 0],
  ['decimal', 1e21],
  ['id', 'RA-Flag-Example'],
  ['id', 'a.b-c'],
  ['id', 'a'.repeat(64)],
  ['instant', '2024-01-01T11:00:00+00:00'],
  ['instant', '2024-01-01T11:00:00.5Z'],
  ['integer', 0],
  ['integer', -2147483648],
  ['integer', 2147483647],
  ['markdown', '# Title\n\n* item'],
  ['oid', 'urn:oid:1.2.840.113619'],
  ['oid', 'urn:oid:2.16.840.1.113883.2.1.4.1'],
  ['positiveInt', 1],
  ['positiveInt', 2147483647],
  ['string', 'Alan'],
  ['string', ' leading and trailing spaces are allowed '],
  ['string', 'line\nbreak\ttab\rreturn'],
  ['string', 'non\u00a0breaking'],
  ['time', '11:00:00'],
  ['time', '23:59:59.999'],
  ['unsignedInt', 0],
  ['unsignedInt', 42],
  ['uri', 'https://fhir.nhs.uk/Id/nhs-number'],
  ['uri', 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904'],
  ['url', 'https://example.org/a?b=c'],
  ['uuid', 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e904'],
  ['xhtml', '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'],
];

const invalid: [string, unknown][] = [
  ['base64Binary', 'abc'],
  ['base64Binary', 'ab$='],
  ['base64Binary', 'a=bc'],
  ['base64Binary', 'QQ==='],
  ['boolean', 'true'],
  ['boolean', 1],
  ['canonical', 'http://example.org/a b'],
  ['code', ' active'],
  ['code', 'active '],
  ['code', 'two  spaces'],
  ['code', 'trailing newline\n'],
  ['code', 1],
  ['date', '2024-02-30'],
  ['date', '2023-02-29'],
  ['date', '1900-02-29'],
  ['date', '2024-04-31'],
  ['date', '2024-13-01'],
  ['date', '2024-00'],
  ['date', '0000'],
  ['date', '24-01-01'],
  ['date', '2024-01-01T10:00:00Z'],
  ['date', '2024/01/01'],
  ['dateTime', '2024-01-01T11:00:00'],
  ['dateTime', '2024-01-01T11:00Z'],
  ['dateTime', '2024-01-01T24:00:00Z'],
  ['dateTime', '2024-01-01T11:00:00+15:00'],
  ['dateTime', '2024-02-30T11:00:00Z'],
  ['dateTime', '2024-01-01 11:00:00Z'],
  ['dateTime', '2024-1-1'],
  ['decimal', '1.5'],
  ['decimal', Number.NaN],
  ['decimal', Number.POSITIVE_INFINITY],
  ['id', 'has space'],
  ['id', 'under_score'],
  ['id', 'a'.repeat(65)],
  ['id', ''],
  ['instant', '2024-01-01'],
  ['instant', '2024-01-01T11:00:00'],
  ['instant', '2024-02-30T11:00:00Z'],
  ['integer', 1.5],
  ['integer', 2147483648],
  ['integer', -2147483649],
  ['integer', '1'],
  ['markdown', 'bell\u0007'],
  ['oid', '1.2.3'],
  ['oid', 'urn:oid:3.1'],
  ['oid', 'urn:oid:1.02'],
  ['positiveInt', 0],
  ['positiveInt', -1],
  ['positiveInt', 1.5],
  ['string', ''],
  ['string', 'form\ffeed'],
  ['string', 'nul\u0000'],
  ['string', 5],
  ['time', '24:00:00'],
  ['time', '11:00'],
  ['time', '11:00:00Z'],
  ['unsignedInt', -1],
  ['unsignedInt', 0.5],
  ['uri', 'has space'],
  ['uri', 'tab\tinside'],
  ['url', 'https://example.org/ a'],
  ['uuid', 'urn:uuid:4C75CE1F-1AD7-4391-B5F6-104754C7E904'],
  ['uuid', '4c75ce1f-1ad7-4391-b5f6-104754c7e904'],
  ['uuid', 'urn:uuid:4c75ce1f-1ad7-4391-b5f6-104754c7e90'],
  ['xhtml', 5],
];

describe('primitive formats', () => {
  it.each(valid)('%s accepts %j', (type, value) => {
    expect(isValidPrimitive(type, value)).toBe(true);
  });

  it.each(invalid)('%s rejects %j', (type, value) => {
    expect(isValidPrimitive(type, value)).toBe(false);
  });

  it('knows every R4 primitive type in the definitions, and no others', () => {
    expect([...primitiveNames].sort()).toEqual([...r4Primitives].sort());
  });

  it('has a valid and an invalid example for every primitive type', () => {
    for (const name of primitiveNames) {
      expect(valid.some(([type]) => type === name), name).toBe(true);
      expect(invalid.some(([type]) => type === name), name).toBe(true);
    }
  });

  it.each([
    ['boolean', 'boolean'],
    ['decimal', 'number'],
    ['integer', 'number'],
    ['positiveInt', 'number'],
    ['unsignedInt', 'number'],
    ['string', 'string'],
    ['date', 'string'],
    ['xhtml', 'string'],
  ])('%s is carried as a JSON %s', (type, json) => {
    expect(primitiveFormat(type)?.json).toBe(json);
  });

  it('answers undefined for a name that is not a primitive', () => {
    expect(primitiveFormat('CodeableConcept')).toBeUndefined();
    expect(isValidPrimitive('CodeableConcept', 'x')).toBe(false);
  });

  it.each([
    ['text', true],
    ['', false],
    ['\u0001', false],
  ])('isFhirString(%j) is %s', (value, expected) => {
    expect(isFhirString(value)).toBe(expected);
  });
});
