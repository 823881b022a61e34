import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, readInput, unreadableReason } from './read-input.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raflag-read-'));
  await writeFile(path.join(dir, 'a.json'), '{"é": 1}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readAll', () => {
  it('decodes a character whose bytes arrive in two chunks', async () => {
    const bytes = Buffer.from('{"name": "Zoë"}', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await readAll(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]))).toBe('{"name": "Zoë"}');
  });

  it('accepts text chunks and an empty stream', async () => {
    expect(await readAll(Readable.from(['{"a"', ': 1}']))).toBe('{"a": 1}');
    expect(await readAll(Readable.from([]))).toBe('');
  });
});

describe('readInput', () => {
  it('reads a file as UTF-8', async () => {
    expect(await readInput(path.join(dir, 'a.json'), undefined)).toEqual({ kind: 'text', text: '{"é": 1}' });
  });

  it('reads standard input for "-", and empty text when there is none', async () => {
    expect(await readInput('-', Readable.from([Buffer.from('{}')]))).toEqual({ kind: 'text', text: '{}' });
    expect(await readInput('-', undefined)).toEqual({ kind: 'text', text: '' });
  });

  it('tells a missing path from a folder', async () => {
    expect(await readInput(path.join(dir, 'nope.json'), undefined)).toEqual({ kind: 'missing' });
    expect(await readInput(dir, undefined)).toEqual({ kind: 'folder' });
  });
});

describe('unreadableReason', () => {
  it.each([
    [Object.assign(new Error('EACCES: permission denied, open /secret/path'), { code: 'EACCES' }), 'The file could not be read (EACCES).'],
    [new Error('no code'), 'The file could not be read.'],
    [null, 'The file could not be read.'],
  ])('gives only the error code, never the message (%#)', (error, reason) => {
    expect(unreadableReason(error)).toBe(reason);
  });
});
