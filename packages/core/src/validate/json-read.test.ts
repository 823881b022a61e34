import { describe, expect, it } from 'vitest';
import { isFilledObject, textMissing, wellFormedCoding, wellFormedCodings } from './json-read.js';

describe('reading JSON the base rules have judged', () => {
  it.each([
    [{ coding: [{ system: 's', code: 'c' }] }, 1],
    [{ text: 'only text' }, 0],
    [{ coding: [{ system: 's', code: 'c' }, { code: 'd', display: 'D' }], text: 't' }, 2],
  ])('reads the codings of %j', (concept, count) => {
    expect(wellFormedCodings(concept, 'Flag.code')?.length).toBe(count);
  });

  it('gives each coding its own path', () => {
    expect(wellFormedCodings({ coding: [{ code: 'a' }, { code: 'b' }] }, 'Flag.code')?.map((c) => c.path)).toEqual([
      'Flag.code.coding[0]',
      'Flag.code.coding[1]',
    ]);
  });

  it.each([
    ['an empty concept', {}],
    ['a concept that is a string', 'x'],
    ['an empty coding list', { coding: [] }],
    ['a coding list that is an object', { coding: { code: 'c' } }],
    ['an empty coding', { coding: [{}] }],
    ['a coding that is a string', { coding: ['c'] }],
    ['a code that is a number', { coding: [{ system: 's', code: 1 }] }],
    ['an empty system', { coding: [{ system: '', code: 'c' }] }],
    ['an empty text', { text: '' }],
  ])('leaves %s to the base rules', (_name, concept) => {
    expect(wellFormedCodings(concept, 'Flag.code')).toBeUndefined();
  });

  it('reads a bare Coding, or leaves a broken one', () => {
    expect(wellFormedCoding({ system: 's', code: 'c' }, 'Consent.provision.purpose[0]')).toEqual({
      system: 's',
      code: 'c',
      display: undefined,
      path: 'Consent.provision.purpose[0]',
    });
    expect(wellFormedCoding({ code: 5 }, 'x')).toBeUndefined();
  });

  it.each([
    [undefined, true],
    ['  ', true],
    ['text', false],
    ['', false],
    [5, false],
  ])('counts %j as missing text: %s', (value, missing) => {
    expect(textMissing(value)).toBe(missing);
  });

  it.each([
    [{ a: 1 }, true],
    [{}, false],
    [[1], false],
    [null, false],
  ])('counts %j as a filled object: %s', (value, filled) => {
    expect(isFilledObject(value)).toBe(filled);
  });
});
