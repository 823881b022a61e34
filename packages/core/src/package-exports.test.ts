import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Consumers import the built package through its `exports` map, not these sources. This runs a
// plain Node ESM import from a workspace package that depends on @raflag/core, with no source
// condition, so a missing `.js` extension, a wrong export path or a missing build shows up here.
const here = dirname(fileURLToPath(import.meta.url));
const consumerDir = resolve(here, '../../cli');

describe('@raflag/core as published', () => {
  it('is built before the tests run (pnpm test builds first)', () => {
    expect(existsSync(resolve(here, '../dist/index.js')), 'run `pnpm build` first').toBe(true);
    expect(existsSync(resolve(here, '../dist/index.d.ts'))).toBe(true);
  });

  it('imports from dist through the exports map and validates', () => {
    const script = `
      const core = await import('@raflag/core');
      const outcome = core.validate({ resourceType: 'Flag', status: 'active' });
      console.log(JSON.stringify({
        validate: typeof core.validate, validateText: typeof core.validateText, toFhir: typeof core.toFhir,
        fromFhir: typeof core.fromFhir, convertStu3: typeof core.convertStu3,
        resolved: import.meta.resolve('@raflag/core').replace(/^.*\\/packages\\//, ''),
        errors: core.hasErrors(outcome),
      }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumerDir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      validate: 'function',
      validateText: 'function',
      toFhir: 'function',
      fromFhir: 'function',
      convertStu3: 'function',
      resolved: 'core/dist/index.js',
      errors: true,
    });
  });
});
