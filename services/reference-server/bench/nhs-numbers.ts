import { nhsNumberCheckDigit } from '@raflag/core';

/**
 * Valid NHS numbers in order: `prefix` followed by a counter, with the modulus 11 check digit.
 * Nine-digit stems that have no check digit are skipped, so every number yielded is valid.
 * Different prefixes never collide, which keeps bulk-loaded and HTTP-written patients apart.
 */
export function* nhsNumbers(prefix: string, start = 0): Generator<string> {
  const width = 9 - prefix.length;
  const end = 10 ** width;
  for (let n = start; n < end; n++) {
    const stem = `${prefix}${String(n).padStart(width, '0')}`;
    const check = nhsNumberCheckDigit(stem);
    if (check !== undefined) yield `${stem}${check}`;
  }
}

/** The next `count` numbers from a generator. */
export function take(source: Iterator<string>, count: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const next = source.next();
    if (next.done === true) throw new Error('ran out of NHS numbers for this prefix');
    out.push(next.value);
  }
  return out;
}
