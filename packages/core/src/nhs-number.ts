/**
 * NHS number check (NHS Data Dictionary): ten digits, the last a modulus 11 check digit over the
 * first nine with weights 10 down to 2. A remainder giving 11 means check digit 0; one giving 10
 * means no valid number can start with those nine digits.
 */

export type NhsNumberCheck = 'ok' | 'format' | 'check-digit';

const NINE_DIGITS = /^[0-9]{9}$/;
const TEN_DIGITS = /^[0-9]{10}$/;

/** The check digit for nine digits, or undefined when they are not nine digits or no check digit exists. */
export function nhsNumberCheckDigit(first9: string): number | undefined {
  if (typeof first9 !== 'string' || !NINE_DIGITS.test(first9)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/** `format` unless exactly ten ASCII digits (no spaces); `check-digit` when the last digit is wrong or impossible. */
export function checkNhsNumber(value: string): NhsNumberCheck {
  if (typeof value !== 'string' || !TEN_DIGITS.test(value)) return 'format';
  return nhsNumberCheckDigit(value.slice(0, 9)) === value.charCodeAt(9) - 48 ? 'ok' : 'check-digit';
}

export function isValidNhsNumber(value: string): boolean {
  return checkNhsNumber(value) === 'ok';
}
