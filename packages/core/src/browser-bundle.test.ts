import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

// @raflag/core promises to run in browsers. Bundling it for the browser platform fails on any
// Node built-in it reaches for, and running the bundle in a bare V8 context (no process, no
// require, no Buffer) proves that what it exports works with only what a browser provides.
const here = dirname(fileURLToPath(import.meta.url));
const validBundle: unknown = JSON.parse(readFileSync(resolve(here, 'validate/__fixtures__/valid-ra-bundle.json'), 'utf8'));

/** What a page would see of the bundle: the names a test below calls, with their results as plain JSON. */
interface BrowserApi {
  validate(resource: unknown): { issue: { severity: string; details?: { coding?: { code?: string }[] } }[] };
  parseRecord(input: unknown): { ok: boolean; record?: unknown };
  toFhir(record: unknown): { resourceType: string; entry?: unknown[] };
  hasErrors(outcome: unknown): boolean;
}

let code = '';
let api: BrowserApi;

beforeAll(async () => {
  const result = await build({
    entryPoints: [resolve(here, 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'raflag',
    write: false,
    minify: true,
    conditions: ['@raflag/source'],
    logLevel: 'silent',
  });
  code = result.outputFiles[0]?.text ?? '';
  const context: Record<string, unknown> = { crypto: globalThis.crypto, console };
  runInNewContext(`${code};globalThis.raflag = raflag;`, context);
  api = context['raflag'] as BrowserApi;
}, 60_000);

describe('@raflag/core in a browser', () => {
  it('bundles for the browser platform and stays small', () => {
    expect(code.length).toBeGreaterThan(0);
    // The generated R4 tables and the national terminology dominate; keep the gzip size a page downloads in check.
    expect(gzipSync(code).length).toBeLessThan(200 * 1024);
  });

  it('has no Node globals to lean on in its context', () => {
    expect(runInNewContext('typeof process + typeof require + typeof Buffer', {})).toBe('undefinedundefinedundefined');
  });

  it('validates a national transaction Bundle without Node', () => {
    const outcome = api.validate(validBundle);
    expect(api.hasErrors(outcome)).toBe(false);
    expect(outcome.issue.map((i) => i.details?.coding?.[0]?.code)).toEqual(['ok']);
  });

  it('reports a defect without Node', () => {
    const outcome = api.validate({ resourceType: 'Flag', status: 'sometimes' });
    expect(api.hasErrors(outcome)).toBe(true);
  });

  it('builds a record and maps it to FHIR without Node', () => {
    const parsed = api.parseRecord({
      patient: { nhsNumber: '9434765919' },
      impairments: [
        {
          code: 'hearing',
          recorded: {
            organisation: { odsCode: 'A3E5I7' },
            role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
            when: '2026-01-02T03:04:05Z',
          },
        },
      ],
    });
    expect(parsed.ok).toBe(true);
    const bundle = api.toFhir(parsed.record);
    expect(bundle.resourceType).toBe('Bundle');
    expect(api.hasErrors(api.validate(bundle))).toBe(false);
  });
});
