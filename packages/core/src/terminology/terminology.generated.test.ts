import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  generateTerminology,
  generatedModulePath,
  parseTerminology,
  terminologyJsonPath,
} from '../../scripts/generate-terminology.js';
import { adjustmentCategories, nationalCodeSystems, provenanceRoles } from './terminology.generated.js';

interface JsonTerminology {
  codeSystems: { url: string; concepts: { code: string; display: string }[] }[];
  adjustmentCategories: {
    stu3Code: string;
    slug: string;
    codes: { system: string; code: string; display: string; inR4RAFlagCode: boolean }[];
  }[];
  provenanceRoles: { system: string; code: string; display: string }[];
}

const jsonText = readFileSync(terminologyJsonPath, 'utf8');
const json = JSON.parse(jsonText) as JsonTerminology;

describe('terminology.generated.ts against terminology.json', () => {
  it('holds every code system, category, adjustment row and role', () => {
    expect(nationalCodeSystems).toHaveLength(34);
    expect(adjustmentCategories).toHaveLength(11);
    expect(adjustmentCategories.reduce((n, c) => n + c.codes.length, 0)).toBe(348);
    expect(provenanceRoles).toHaveLength(466);
  });

  it('has every code system exactly as in the JSON (url, version, status, source, each concept)', () => {
    expect(nationalCodeSystems).toEqual(json.codeSystems);
  });

  it.each(json.codeSystems.map((cs) => [cs.url, cs] as const))('has every concept of %s in order', (url, cs) => {
    const generated = nationalCodeSystems.find((c) => c.url === url);
    expect(generated?.concepts.map((c) => [c.code, c.display])).toEqual(cs.concepts.map((c) => [c.code, c.display]));
  });

  it('has every adjustment category and all 348 SNOMED rows exactly as in the JSON', () => {
    const withoutNumeric = adjustmentCategories.map(({ numeric: _numeric, ...rest }) => rest);
    expect(withoutNumeric).toEqual(json.adjustmentCategories);
    const generatedRows = adjustmentCategories.flatMap((c) => c.codes.map((r) => [c.slug, r.system, r.code, r.display, r.inR4RAFlagCode]));
    const jsonRows = json.adjustmentCategories.flatMap((c) => c.codes.map((r) => [c.slug, r.system, r.code, r.display, r.inR4RAFlagCode]));
    expect(generatedRows).toEqual(jsonRows);
    expect(generatedRows.filter((r) => r[4] === true)).toHaveLength(347);
  });

  it('adds the unpadded STU3 v2 code 1..11 beside each padded code', () => {
    expect(adjustmentCategories.map((c) => [c.stu3Code, c.numeric])).toEqual(
      Array.from({ length: 11 }, (_, i) => [String(i + 1).padStart(3, '0'), String(i + 1)]),
    );
  });

  it('has all 466 provenance roles exactly as in the JSON', () => {
    expect(provenanceRoles).toEqual(json.provenanceRoles);
  });
});

describe('generate-terminology script', () => {
  it('reproduces the checked-in module byte for byte', () => {
    expect(generateTerminology(jsonText)).toBe(readFileSync(generatedModulePath, 'utf8'));
  });

  it('escapes quotes, backslashes and line breaks in displays', () => {
    const source = {
      codeSystems: [{ url: 'u', version: '1', status: 'draft', source: 's', concepts: [{ code: 'c', display: "O'Brien \\ a\nb" }] }],
      adjustmentCategories: [],
      provenanceRoles: [],
    };
    expect(generateTerminology(JSON.stringify(source))).toContain("{ code: 'c', display: 'O\\'Brien \\\\ a\\nb' }");
  });

  it.each([
    ['a non-object root', [], '$: expected an object'],
    ['a missing list', { codeSystems: [], adjustmentCategories: [] }, '$.provenanceRoles: expected an array'],
    [
      'an adjustment row on https://snomed.info/sct',
      {
        codeSystems: [],
        provenanceRoles: [],
        adjustmentCategories: [
          {
            stu3Code: '001',
            slug: 's',
            display: 'd',
            stu3ValueSet: 'v',
            codes: [{ system: 'https://snomed.info/sct', code: '1', display: 'x', inR4RAFlagCode: true }],
          },
        ],
      },
      '$.adjustmentCategories[0].codes[0].system: expected http://snomed.info/sct',
    ],
    [
      'a concept without a display',
      { codeSystems: [{ url: 'u', version: '1', status: 's', source: 's', concepts: [{ code: 'c' }] }], adjustmentCategories: [], provenanceRoles: [] },
      '$.codeSystems[0].concepts[0].display: expected a string',
    ],
  ])('refuses %s, naming the JSON path', (_label, input, message) => {
    expect(() => parseTerminology(input)).toThrow(message);
  });
});
