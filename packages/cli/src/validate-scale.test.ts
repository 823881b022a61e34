import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toOutcome, validateText, type validateText as ValidateText } from '@raflag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { validateCommand } from './validate-command.js';

const FILES = 10_000;
const FOLDERS = 10;
/** Every hundredth file is broken JSON, so the run has failures to count. */
const isBroken = (n: number): boolean => n % 100 === 99;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-scale-'));
  for (let f = 0; f < FOLDERS; f++) await mkdir(path.join(dir, `batch-${f}`));
  const writes: Promise<void>[] = [];
  for (let n = 0; n < FILES; n++) {
    const text = isBroken(n) ? `{"resourceType": "Patient", "n": ${n},}` : `{"resourceType": "Patient", "id": "p${n}", "active": true}`;
    writes.push(writeFile(path.join(dir, `batch-${n % FOLDERS}`, `file-${String(n).padStart(5, '0')}.json`), text));
    if (writes.length === 500) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Counts what is written instead of keeping it, as a pipe to another process would. */
function countingIo() {
  const counts = { chunks: 0, chars: 0, pass: 0, fail: 0, tail: '' };
  const io: CliIo = {
    stdout: {
      write(text: string) {
        counts.chunks++;
        counts.chars += text.length;
        counts.pass += text.startsWith('PASS ') ? 1 : 0;
        counts.fail += text.startsWith('FAIL ') ? 1 : 0;
        counts.tail = (counts.tail + text).slice(-200);
        return true;
      },
    },
    stderr: { write: () => true },
    env: {},
  };
  return { io, counts };
}

describe('validateCommand on 10,000 files', () => {
  it('validates every file with the real validator, counts them and exits 1 for the broken ones', async () => {
    const { io, counts } = countingIo();
    expect(await validateCommand([dir], io, { validate: validateText })).toBe(1);
    expect(counts.pass).toBe(FILES - FILES / 100);
    expect(counts.fail).toBe(FILES / 100);
    expect(counts.tail.endsWith(`\n${FILES} files: ${FILES - FILES / 100} valid, ${FILES / 100} invalid\n`)).toBe(true);
  }, 120_000);

  it('streams --format json: most of the document is written before the last file is even validated', async () => {
    const { io, counts } = countingIo();
    let chunksBeforeLast = -1;
    let validated = 0;
    // A stand-in validator that notes how much output already left when it sees the final file: had
    // the command kept every outcome to write at the end, that would be nothing.
    const spy: typeof ValidateText = () => {
      validated++;
      if (validated === FILES) chunksBeforeLast = counts.chunks;
      return toOutcome([]);
    };
    expect(await validateCommand(['--format', 'json', dir], io, { validate: spy })).toBe(0);
    expect(validated).toBe(FILES);
    expect(counts.chunks).toBeGreaterThan(FILES);
    expect(chunksBeforeLast).toBeGreaterThan(FILES - 100);
    expect(counts.tail.endsWith(`"summary": {"files":${FILES},"valid":${FILES},"invalid":0}}\n`)).toBe(true);
  }, 120_000);
});
