import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDefinitions, loadSources, type DefinitionSources } from '../../../scripts/generate-definitions.js';
import {
  getType,
  isResourceType,
  KIND_COMPLEX,
  KIND_PRIMITIVE,
  KIND_RESOURCE,
  r4Datatypes,
  r4Primitives,
  r4ResourceTypes,
} from './definitions.js';
import { OPEN_TYPES, TYPES } from './types.generated.js';

interface SdElement {
  path: string;
  type?: { code: string }[];
  contentReference?: string;
}

interface Sd {
  resourceType: string;
  name: string;
  kind: string;
  abstract: boolean;
  fhirVersion?: string;
  snapshot: { element: SdElement[] };
}

let sources: DefinitionSources;
let sds: Sd[];

beforeAll(() => {
  sources = loadSources();
  sds = [...sources.resources.entry, ...sources.types.entry]
    .map((e) => e.resource as unknown as Sd)
    .filter((r) => r.resourceType === 'StructureDefinition' && r.fhirVersion === '4.0.1');
});

describe('generated R4 definitions', () => {
  it('cover every concrete R4 resource type in the StructureDefinitions', () => {
    const expected = sds.filter((sd) => sd.kind === 'resource' && !sd.abstract).map((sd) => sd.name);
    expect(expected).toHaveLength(146);
    expect([...r4ResourceTypes].sort()).toEqual([...expected].sort());
    for (const name of expected) expect(getType(name)?.isResource, name).toBe(true);
  });

  it('cover every complex datatype and every primitive type', () => {
    const complex = sds.filter((sd) => sd.kind === 'complex-type').map((sd) => sd.name);
    const primitive = sds.filter((sd) => sd.kind === 'primitive-type').map((sd) => sd.name);
    expect([...r4Datatypes].sort()).toEqual([...complex].sort());
    expect([...r4Primitives].sort()).toEqual([...primitive].sort());
    for (const name of complex) expect(getType(name), name).toBeDefined();
  });

  it('have a type for every backbone element of every resource and datatype', () => {
    let backbones = 0;
    for (const sd of sds) {
      if (sd.kind === 'primitive-type' || (sd.kind === 'resource' && sd.abstract)) continue;
      const paths = new Set(sd.snapshot.element.map((e) => e.path));
      for (const el of sd.snapshot.element) {
        const code = el.type?.[0]?.code;
        const hasChildren = [...paths].some((p) => p.startsWith(`${el.path}.`));
        if (!el.path.includes('.') || !hasChildren || (code !== 'BackboneElement' && code !== 'Element')) continue;
        // Medplum back-ports are dropped from the tables, so their backbones have no type.
        if (/^(EvidenceVariable\.characteristic\.|ResearchStudy\.|DeviceDefinition\.classification)/.test(el.path) &&
          TYPES[el.path] === undefined) continue;
        backbones++;
        expect(getType(el.path), el.path).toBeDefined();
      }
    }
    expect(backbones).toBeGreaterThan(400);
  });

  it('resolve contentReference elements to the referenced backbone type', () => {
    expect(getType('Questionnaire.item')?.elements.get('item')?.type).toBe('Questionnaire.item');
    expect(getType('Parameters.parameter')?.elements.get('part')?.type).toBe('Parameters.parameter');
    expect(getType('Bundle.entry')?.elements.get('link')?.type).toBe('Bundle.link');
    expect(getType('Consent.provision')?.elements.get('provision')?.type).toBe('Consent.provision');
  });

  it('expand choice elements into one JSON key per allowed type', () => {
    const observation = getType('Observation');
    expect(observation?.elements.get('valueQuantity')).toMatchObject({ name: 'value', choice: true, type: 'Quantity' });
    expect(observation?.elements.get('valueString')).toMatchObject({ kind: KIND_PRIMITIVE, suffix: '.value.ofType(string)' });
    expect(observation?.elements.get('valueAnnotation')).toBeUndefined();
    const extension = getType('Extension');
    for (const type of OPEN_TYPES.split('|')) {
      const key = `value${type.charAt(0).toUpperCase()}${type.slice(1)}`;
      expect(extension?.elements.get(key), key).toBeDefined();
    }
  });

  it('type a SimpleQuantity element as SimpleQuantity, whose comparator is forbidden', () => {
    expect(getType('Range')?.elements.get('low')?.type).toBe('SimpleQuantity');
    expect(getType('SimpleQuantity')?.elements.get('comparator')?.max).toBe(0);
    expect(getType('Quantity')?.elements.get('comparator')?.max).toBe(1);
  });

  it('classify element kinds and carry inherited elements', () => {
    const flag = getType('Flag');
    expect(flag?.elements.get('contained')).toMatchObject({ kind: KIND_RESOURCE, contained: true, repeats: true });
    expect(flag?.elements.get('id')).toMatchObject({ kind: KIND_PRIMITIVE, type: 'id' });
    expect(flag?.elements.get('subject')).toMatchObject({ kind: KIND_COMPLEX, type: 'Reference', min: 1, max: 1 });
    expect(flag?.elements.get('subject')?.targets?.has('Patient')).toBe(true);
    expect(flag?.elements.get('subject')?.targets?.has('Observation')).toBe(false);
    expect(getType('Bundle')?.elements.get('text')).toBeUndefined();
    expect(getType('Bundle.entry')?.elements.get('modifierExtension')).toBeDefined();
    expect(getType('Coding')?.elements.get('modifierExtension')).toBeUndefined();
  });

  it('leave out what Medplum back-ported from later FHIR versions', () => {
    expect(isResourceType('SubscriptionStatus')).toBe(false);
    expect(getType('Meta')?.elements.get('project')).toBeUndefined();
    expect(getType('Binary')?.elements.get('url')).toBeUndefined();
    expect(getType('ResearchStudy')?.elements.get('studyDesign')).toBeUndefined();
    expect(getType('EvidenceVariable.characteristic')?.elements.get('definitionReference')).toBeDefined();
  });

  it('are exactly what the generator writes from the installed definitions today', () => {
    const generated = generateDefinitions(sources);
    for (const [name, text] of Object.entries(generated.files)) {
      const checkedIn = readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8');
      expect(checkedIn, name).toBe(text);
    }
  });
});
