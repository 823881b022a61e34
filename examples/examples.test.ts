import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fromFhir } from '@raflag/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main as buildAndValidateRecord } from './build-and-validate-record.js';
import { main as gpTour } from './gp-tour.js';
import { main as recordConsent } from './record-consent.js';
import { main as saveRecordWithClient } from './save-record-with-client.js';
import { main as sharingJourney } from './sharing-journey.js';
import { startLocalServer } from './support/local-server.js';
import { main as validateFolder, NATIONAL_FIXTURES } from './validate-folder.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_TIMEOUT = 60_000;

/** A print that keeps the lines, so a test can check what a reader would see. */
function lines(): { print: (line: string) => void; out: string[] } {
  const out: string[] = [];
  return { print: (line) => out.push(line), out };
}

const temp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-examples-test-'));
  temp.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('build-and-validate-record', () => {
  it('builds a valid record whose FHIR Bundle reads back to the same record', () => {
    const { print, out } = lines();
    const result = buildAndValidateRecord({ print });
    expect(result.valid).toBe(true);
    expect(result.outcome.issue.filter((issue) => issue.severity !== 'information')).toEqual([]);
    expect(result.record.consent).toMatchObject({ basis: 'best-interest', state: 'given' });
    expect(result.record.impairments.map((impairment) => impairment.code)).toEqual(['learning']);
    const back = fromFhir(result.bundle);
    expect(back.record?.adjustments).toEqual(result.record.adjustments);
    expect(back.record?.impairments).toEqual(result.record.impairments);
    expect(back.record?.consent).toEqual(result.record.consent);
    expect(out).toContain('validate: valid: 0 errors, 0 warnings');
  });

  it('shows the mistyped NHS number caught, with the rule and the FHIRPath of where it is', () => {
    const { print, out } = lines();
    const { mistake } = buildAndValidateRecord({ print });
    expect(mistake).toEqual({
      id: 'business.nhs-number-check-digit',
      expression: 'Bundle.entry[0].resource.identifier[0].value',
      message: 'NHS number fails the modulus 11 check digit.',
    });
    expect(out.join('\n')).toContain('error Bundle.entry[0].resource.identifier[0].value business.nhs-number-check-digit');
    // The message never repeats the submitted value.
    expect(out.join('\n')).not.toContain('9990000019');
  });
});

describe('save-record-with-client', () => {
  it(
    'saves a new record as one transaction and reads the same record back',
    async () => {
      const dataDir = join(tempDir(), 'server');
      const { print, out } = lines();
      const result = await saveRecordWithClient({ print, dataDir });
      expect(result.statuses.length).toBe(6);
      expect(result.statuses.every((status) => status.startsWith('201'))).toBe(true);
      const withoutIds = <T extends { id?: string | undefined }>(items: readonly T[]) => items.map(({ id: _id, ...rest }) => rest);
      expect(withoutIds(result.readBack.adjustments)).toEqual(withoutIds(result.saved.adjustments));
      expect(withoutIds(result.readBack.impairments)).toEqual(withoutIds(result.saved.impairments));
      expect(result.readBack.adjustments.every((adjustment) => adjustment.id !== undefined)).toBe(true);
      expect(result.readBack.consent).toMatchObject({ basis: 'patient', state: 'given' });
      expect(result.readBack.patient.nhsNumber).toBe(result.nhsNumber);
      expect(out.some((line) => line.startsWith(`getRecord(${result.nhsNumber})`))).toBe(true);
    },
    SERVER_TIMEOUT,
  );
});

describe('record-consent', () => {
  it(
    'records a given consent and a refusal, and the server answers 422 to an adjustment for the patient who refused',
    async () => {
      const { print, out } = lines();
      const result = await recordConsent({ print, dataDir: join(tempDir(), 'server') });
      expect(result.given).toMatchObject({ basis: 'patient', state: 'given', sharing: { permit: [{ odsCode: 'Y56' }], deny: [] } });
      expect(result.refused).toMatchObject({ state: 'refused' });
      expect(result.rejection?.status).toBe(422);
      expect(result.rejection?.message).toMatch(/refused consent/);
      expect(out.some((line) => line.includes('HTTP 422'))).toBe(true);
    },
    SERVER_TIMEOUT,
  );
});

describe('sharing-journey', () => {
  it(
    'the LHCRE holds the record after the change, purges it on withdrawal, and then reads 404',
    async () => {
      const { print, out } = lines();
      const result = await sharingJourney({ print });
      expect(result.heldAfterChange).toEqual([result.nhsNumber]);
      // The demo record has two adjustments; the copy has the GP's third.
      expect(result.adjustmentsHeld).toBe(3);
      expect(result.heldAfterWithdrawal).toEqual([]);
      expect(result.lhcreReadStatus).toBe(404);
      expect(out).toContain('The LHCRE holds: nothing');
      expect(out.filter((line) => line.startsWith('  [LHCRE] '))).toHaveLength(2);
    },
    SERVER_TIMEOUT,
  );
});

describe('gp-tour', () => {
  it(
    'adds an adjustment to a running server, then withdraws consent, as the README tour does',
    async () => {
      const local = await startLocalServer();
      try {
        const { print, out } = lines();
        const server = local.server.publicUrl;
        const recorded = await gpTour({ command: 'record', nhsNumber: '9990000018', server, dataDir: local.dataDir, print });
        expect(recorded.adjustments).toBe(4);
        expect(out.join('\n')).toContain('Recorded a new adjustment');
        const withdrawn = await gpTour({ command: 'withdraw', nhsNumber: '9990000018', server, dataDir: local.dataDir, print });
        expect(withdrawn.consentState).toBe('withdrawn');
      } finally {
        await local.stop();
      }
    },
    SERVER_TIMEOUT,
  );
});

describe('validate-folder', () => {
  it('gives the national fixtures the summary the raflag command documents', () => {
    const { print, out } = lines();
    const result = validateFolder({ print });
    const documented = /^(\d+) files: (\d+) valid, (\d+) invalid$/m.exec(readFileSync(join(REPO_ROOT, 'packages/cli/README.md'), 'utf8'));
    expect(documented).not.toBeNull();
    expect([result.files.length, result.valid, result.invalid]).toEqual(documented?.slice(1).map(Number));
    expect(out.at(-1)).toBe(documented?.[0]);
    expect(result.exitCode).toBe(1);
  });

  it('fails every retired STU3 payload in the fixtures with the STU3 error, as their README says', () => {
    const { files } = validateFolder({ print: () => undefined });
    const stu3 = files.filter((file) => /stu3|^extra\/api-/.test(file.file));
    expect(stu3).toHaveLength(13);
    expect(stu3.map((file) => file.firstError)).toEqual(stu3.map(() => 'payload.stu3'));
    expect(files.find((file) => file.file.endsWith('RAFlagExample2.json'))?.firstError).toBe('profile.code-not-for-category');
  });

  it('exits 0 for a folder of valid payloads and 1 once one has an error, reading subfolders too', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'record.json'), JSON.stringify(buildAndValidateRecord({ print: () => undefined }).bundle));
    writeFileSync(join(dir, 'notes.txt'), 'not a payload');
    const clean = validateFolder({ folder: dir, print: () => undefined });
    expect(clean).toMatchObject({ valid: 1, invalid: 0, exitCode: 0 });
    writeFileSync(join(dir, 'nested', 'broken.json'), '{ "resourceType": "Flag", ');
    const broken = validateFolder({ folder: dir, print: () => undefined });
    expect(broken.files.map((file) => [file.file, file.valid])).toEqual([
      ['nested/broken.json', false],
      ['record.json', true],
    ]);
    expect(broken.exitCode).toBe(1);
  });
});

describe.concurrent('each script runs as a program', () => {
  const run = promisify(execFile);
  /** As the README says to run them: tsx, from the repository root, on the TypeScript sources. */
  async function script(name: string, args: string[] = []): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=@raflag/source', join('examples', name), ...args], { cwd: REPO_ROOT });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }

  it('build-and-validate-record.ts exits 0', async () => {
    const { code, stdout } = await script('build-and-validate-record.ts');
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('validate: valid: 0 errors, 0 warnings');
  }, SERVER_TIMEOUT);

  it('validate-folder.ts exits 0 on valid payloads and 1 on the national fixtures', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'record.json'), JSON.stringify(buildAndValidateRecord({ print: () => undefined }).bundle));
    const valid = await script('validate-folder.ts', [dir]);
    expect(valid.code, valid.stdout).toBe(0);
    expect(valid.stdout).toContain('1 files: 1 valid, 0 invalid');
    const fixtures = await script('validate-folder.ts', [NATIONAL_FIXTURES]);
    expect(fixtures.code).toBe(1);
    expect(fixtures.stdout).toContain('20 files: 6 valid, 14 invalid');
  }, SERVER_TIMEOUT);

  it.each(['save-record-with-client.ts', 'record-consent.ts', 'sharing-journey.ts'])('%s starts its servers, exits 0 and leaves nothing running', async (name) => {
    const { code, stdout } = await script(name);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^Reference server at http:\/\/127\.0\.0\.1:\d+\/fhir$/m);
  }, SERVER_TIMEOUT);
});
