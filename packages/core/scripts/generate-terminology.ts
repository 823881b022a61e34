/**
 * Turns `terminology/terminology.json` (the national codes as data, with where each came from) into
 * `src/terminology/terminology.generated.ts`, so the library carries its terminology as typed constants
 * and never reads a file at run time (it must run in browsers).
 *
 * Run: `npx tsx packages/core/scripts/generate-terminology.ts` (or `pnpm --filter @raflag/core generate`).
 * `generateTerminology` is exported without side effects so a test can prove the checked-in module is
 * exactly what this script would write today.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const terminologyJsonPath = fileURLToPath(new URL('../terminology/terminology.json', import.meta.url));
export const generatedModulePath = fileURLToPath(
  new URL('../src/terminology/terminology.generated.ts', import.meta.url),
);

const SNOMED = 'http://snomed.info/sct';

interface Concept {
  readonly code: string;
  readonly display: string;
}

interface CodeSystemEntry {
  readonly url: string;
  readonly version: string;
  readonly status: string;
  readonly source: string;
  readonly concepts: readonly Concept[];
}

interface AdjustmentRow {
  readonly system: string;
  readonly code: string;
  readonly display: string;
  readonly inR4RAFlagCode: boolean;
}

interface AdjustmentCategoryEntry {
  readonly stu3Code: string;
  readonly slug: string;
  readonly display: string;
  readonly stu3ValueSet: string;
  readonly codes: readonly AdjustmentRow[];
}

interface ProvenanceRoleEntry {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export interface TerminologySource {
  readonly codeSystems: readonly CodeSystemEntry[];
  readonly adjustmentCategories: readonly AdjustmentCategoryEntry[];
  readonly provenanceRoles: readonly ProvenanceRoleEntry[];
}

// The JSON is hand-maintained, so a shape error must stop the build loudly with the JSON path
// rather than emit a module that silently lacks codes.
function fail(path: string, expected: string): never {
  throw new Error(`terminology.json ${path}: expected ${expected}`);
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Record<string, unknown>;
}

function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value as readonly unknown[];
}

function stringAt(record: Record<string, unknown>, key: string, path: string): string {
  const value = record[key];
  if (typeof value !== 'string') fail(`${path}.${key}`, 'a string');
  return value;
}

function booleanAt(record: Record<string, unknown>, key: string, path: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'a boolean');
  return value;
}

function parseConcept(value: unknown, path: string): Concept {
  const o = objectAt(value, path);
  return { code: stringAt(o, 'code', path), display: stringAt(o, 'display', path) };
}

function parseCodeSystem(value: unknown, path: string): CodeSystemEntry {
  const o = objectAt(value, path);
  return {
    url: stringAt(o, 'url', path),
    version: stringAt(o, 'version', path),
    status: stringAt(o, 'status', path),
    source: stringAt(o, 'source', path),
    concepts: arrayAt(o['concepts'], `${path}.concepts`).map((c, i) => parseConcept(c, `${path}.concepts[${i}]`)),
  };
}

function parseAdjustmentRow(value: unknown, path: string): AdjustmentRow {
  const o = objectAt(value, path);
  const system = stringAt(o, 'system', path);
  // The generated module writes every row against one SNOMED constant; anything else is a data error.
  if (system !== SNOMED) fail(`${path}.system`, SNOMED);
  return {
    system,
    code: stringAt(o, 'code', path),
    display: stringAt(o, 'display', path),
    inR4RAFlagCode: booleanAt(o, 'inR4RAFlagCode', path),
  };
}

function parseAdjustmentCategory(value: unknown, path: string): AdjustmentCategoryEntry {
  const o = objectAt(value, path);
  const stu3Code = stringAt(o, 'stu3Code', path);
  if (!/^0\d\d$/.test(stu3Code)) fail(`${path}.stu3Code`, 'a three-digit code 001..099');
  return {
    stu3Code,
    slug: stringAt(o, 'slug', path),
    display: stringAt(o, 'display', path),
    stu3ValueSet: stringAt(o, 'stu3ValueSet', path),
    codes: arrayAt(o['codes'], `${path}.codes`).map((r, i) => parseAdjustmentRow(r, `${path}.codes[${i}]`)),
  };
}

function parseProvenanceRole(value: unknown, path: string): ProvenanceRoleEntry {
  const o = objectAt(value, path);
  return { system: stringAt(o, 'system', path), code: stringAt(o, 'code', path), display: stringAt(o, 'display', path) };
}

/** Checks the parsed JSON has the shape the generated module promises; throws with the JSON path if not. */
export function parseTerminology(json: unknown): TerminologySource {
  const root = objectAt(json, '$');
  return {
    codeSystems: arrayAt(root['codeSystems'], '$.codeSystems').map((c, i) => parseCodeSystem(c, `$.codeSystems[${i}]`)),
    adjustmentCategories: arrayAt(root['adjustmentCategories'], '$.adjustmentCategories').map((c, i) =>
      parseAdjustmentCategory(c, `$.adjustmentCategories[${i}]`),
    ),
    provenanceRoles: arrayAt(root['provenanceRoles'], '$.provenanceRoles').map((r, i) =>
      parseProvenanceRole(r, `$.provenanceRoles[${i}]`),
    ),
  };
}

/** A TypeScript single-quoted string literal for any string. */
function quote(value: string): string {
  const escaped = value.replace(/[\\'\n\r\u2028\u2029]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\';
      case "'":
        return "\\'";
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `'${escaped}'`;
}

/** A constant name for a role code system, from the last segment of its URL (`v3-RoleCode` → `SYSTEM_V3_ROLECODE`). */
function systemConstantName(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? url;
  return `SYSTEM_${last.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

function renderCodeSystems(codeSystems: readonly CodeSystemEntry[]): string[] {
  const lines = ['export const nationalCodeSystems = ['];
  for (const cs of codeSystems) {
    lines.push('  {');
    lines.push(`    url: ${quote(cs.url)},`);
    lines.push(`    version: ${quote(cs.version)},`);
    lines.push(`    status: ${quote(cs.status)},`);
    lines.push(`    source: ${quote(cs.source)},`);
    lines.push('    concepts: [');
    for (const c of cs.concepts) lines.push(`      { code: ${quote(c.code)}, display: ${quote(c.display)} },`);
    lines.push('    ] as readonly CodeSystemConcept[],');
    lines.push('  },');
  }
  lines.push('] as const;');
  return lines;
}

function renderAdjustmentCategories(categories: readonly AdjustmentCategoryEntry[]): string[] {
  const lines = ['export const adjustmentCategories = ['];
  for (const cat of categories) {
    lines.push('  {');
    lines.push(`    stu3Code: ${quote(cat.stu3Code)},`);
    // STU3 CodeSystem v2.0.0 (2022) used the unpadded form; v3.0.0 and the 2024 R4 drafts pad to three digits.
    lines.push(`    numeric: ${quote(String(Number.parseInt(cat.stu3Code, 10)))},`);
    lines.push(`    slug: ${quote(cat.slug)},`);
    lines.push(`    display: ${quote(cat.display)},`);
    lines.push(`    stu3ValueSet: ${quote(cat.stu3ValueSet)},`);
    lines.push('    codes: [');
    for (const row of cat.codes) {
      lines.push(
        `      { system: SNOMED, code: ${quote(row.code)}, display: ${quote(row.display)}, inR4RAFlagCode: ${String(row.inR4RAFlagCode)} },`,
      );
    }
    lines.push('    ] as readonly AdjustmentCodeRow[],');
    lines.push('  },');
  }
  lines.push('] as const;');
  return lines;
}

function renderProvenanceRoles(roles: readonly ProvenanceRoleEntry[]): string[] {
  const names = new Map<string, string>();
  for (const role of roles) {
    if (names.has(role.system)) continue;
    const name = systemConstantName(role.system);
    if ([...names.values()].includes(name)) throw new Error(`two role systems would both be named ${name}`);
    names.set(role.system, name);
  }
  const lines = [...[...names].map(([url, name]) => `const ${name} = ${quote(url)};`), ''];
  lines.push('export const provenanceRoles: readonly ProvenanceRoleRow[] = [');
  for (const role of roles) {
    lines.push(`  { system: ${names.get(role.system) ?? ''}, code: ${quote(role.code)}, display: ${quote(role.display)} },`);
  }
  lines.push('];');
  return lines;
}

/** The full text of `terminology.generated.ts` for the given parsed terminology. */
export function renderTerminologyModule(source: TerminologySource): string {
  const rowCount = source.adjustmentCategories.reduce((n, c) => n + c.codes.length, 0);
  const lines = [
    '// Generated by packages/core/scripts/generate-terminology.ts from packages/core/terminology/terminology.json.',
    '// Do not edit: change the JSON and run `pnpm --filter @raflag/core generate`.',
    `// ${source.codeSystems.length} code systems, ${source.adjustmentCategories.length} adjustment categories with ${rowCount} SNOMED CT rows, ${source.provenanceRoles.length} provenance roles.`,
    '',
    `const SNOMED = ${quote(SNOMED)};`,
    '',
    // Rows are typed by interface rather than as literals: a thousand distinct literal object types make
    // every `flatMap` over them unusable and slow the compiler, while nobody needs a row's literal type.
    'export interface CodeSystemConcept {',
    '  readonly code: string;',
    '  readonly display: string;',
    '}',
    '',
    'export interface AdjustmentCodeRow {',
    '  readonly system: typeof SNOMED;',
    '  readonly code: string;',
    '  readonly display: string;',
    '  /** False only for the STU3-only row that the R4 value sets dropped. */',
    '  readonly inR4RAFlagCode: boolean;',
    '}',
    '',
    'export interface ProvenanceRoleRow {',
    '  readonly system: string;',
    '  readonly code: string;',
    '  /** Empty where the source gives none (the HL7 role codes). */',
    '  readonly display: string;',
    '}',
    '',
    '/** Every national code system raflag knows, verbatim from the specifications (displays untrimmed). */',
    ...renderCodeSystems(source.codeSystems),
    '',
    '/**',
    ' * The adjustment categories in national order with their SNOMED CT adjustments, grouped as in the STU3',
    ' * per-category value sets. A code may sit in more than one category. `inR4RAFlagCode` is false for the',
    ' * one STU3-only row that the R4 value sets (RA-FlagCode, England-FlagCodeRA) dropped.',
    ' */',
    ...renderAdjustmentCategories(source.adjustmentCategories),
    '',
    '/** The Provenance agent-role value set (STU3 RARecord-ProvenanceRole-1, Gen 2 FlagProvenanceRole). */',
    ...renderProvenanceRoles(source.provenanceRoles),
    '',
  ];
  return lines.join('\n');
}

/** The module text for the given `terminology.json` text. Pure: reads and writes nothing. */
export function generateTerminology(jsonText: string): string {
  return renderTerminologyModule(parseTerminology(JSON.parse(jsonText) as unknown));
}

function main(): void {
  const text = generateTerminology(readFileSync(terminologyJsonPath, 'utf8'));
  writeFileSync(generatedModulePath, text, 'utf8');
  console.log(`wrote ${generatedModulePath}`);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) main();
