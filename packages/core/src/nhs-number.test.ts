import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNhsNumber, isValidNhsNumber, nhsNumberCheckDigit } from './nhs-number.js';

describe('checkNhsNumber', () => {
  it.each([
    '9912003888', // ra-sandbox and Patient Flag IG examples
    '9434765919',
    '9000000009',
    '5900026175', // the retired API's integration tests
    '4010232110', // remainder 0: 11 - 0 = 11 gives check digit 0
  ])('%s is ok', (value) => {
    expect(checkNhsNumber(value)).toBe('ok');
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each([
    ['9912003889', 'check-digit'],
    ['9434765910', 'check-digit'],
    ['9000000000', 'check-digit'],
    ['4010232111', 'check-digit'],
    // 123456789 leaves remainder 1, so 11 - 1 = 10: no check digit can make it valid
    ['1234567890', 'check-digit'],
    ['1234567891', 'check-digit'],
    ['991200388', 'format'],
    ['99120038880', 'format'],
    ['991 200 3888', 'format'],
    ['991-200-3888', 'format'],
    [' 9912003888', 'format'],
    ['9912003888\n', 'format'],
    ['99120O3888', 'format'],
    ['\uff19\uff19\uff11\uff12\uff10\uff10\uff13\uff18\uff18\uff18', 'format'],
    ['', 'format'],
  ] as const)('%j is %s', (value, expected) => {
    expect(checkNhsNumber(value)).toBe(expected);
    expect(isValidNhsNumber(value)).toBe(false);
  });

  it('answers format for values that are not strings', () => {
    expect(checkNhsNumber(9912003888 as unknown as string)).toBe('format');
    expect(checkNhsNumber(undefined as unknown as string)).toBe('format');
  });
});

describe('nhsNumberCheckDigit', () => {
  it.each([
    ['991200388', 8],
    ['943476591', 9],
    ['900000000', 9],
    ['401023211', 0],
    ['123456789', undefined],
    ['12345678', undefined],
    ['1234567890', undefined],
    ['12345678a', undefined],
  ] as const)('%s gives %s', (first9, expected) => {
    expect(nhsNumberCheckDigit(first9)).toBe(expected);
  });

  const nineDigits = fc.stringMatching(/^[0-9]{9}$/);

  it('makes a valid number from any nine digits that have a check digit, and no other last digit is valid', () => {
    fc.assert(
      fc.property(nineDigits, (first9) => {
        const check = nhsNumberCheckDigit(first9);
        for (let d = 0; d <= 9; d++) {
          const expected = check === d ? 'ok' : 'check-digit';
          if (checkNhsNumber(`${first9}${d}`) !== expected) return false;
        }
        return true;
      }),
    );
  });

  it('agrees with the weighted-sum definition', () => {
    fc.assert(
      fc.property(nineDigits, (first9) => {
        const sum = [...first9].reduce((acc, ch, i) => acc + Number(ch) * (10 - i), 0);
        const raw = 11 - (sum % 11);
        const expected = raw === 11 ? 0 : raw === 10 ? undefined : raw;
        return nhsNumberCheckDigit(first9) === expected;
      }),
    );
  });
});
