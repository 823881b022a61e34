import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** Random bytes are drawn from the operating system a few kilobytes at a time: one call per id costs more than the rest of it. */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** Each byte's two hex digits: an id is made for every audited request. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A new server-assigned resource id: a UUID version 7 (RFC 9562), time-ordered.
 *
 * Every index the store keeps is keyed on the id; random (v4) ids land all over each B-tree, so
 * one write dirties a page in the middle of every index and the WAL, the cache and fsync all pay
 * for it. Ids that grow with time append at the right edge instead. They still carry 62 random
 * bits after the millisecond timestamp and a 12-bit counter, so they are not guessable, and
 * nothing depends on an id being secret: access is checked on every read.
 */
export function newResourceId(now: number = Date.now()): string {
  // The counter keeps ids increasing within one millisecond (and if the clock steps back).
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
  }
  const bytes = randomBytes16();
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let text = '';
  for (let i = 0; i < 16; i++) text += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (HEX[bytes[i] ?? 0] ?? '');
  return text;
}
