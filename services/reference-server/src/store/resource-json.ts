import type { Database, Statement } from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { dictionarySamples } from './dictionary-samples.js';
import { fixedSql, wholeTableSql } from './statements.js';

/** A version's body as `resource_versions` holds it (migration 7). */
export interface StoredBody {
  /** JSON text; raw deflate against `dictionary` when that is set; null for a deletion. */
  readonly json: string | Buffer | null;
  readonly dictionary: number | null;
}

interface Preset {
  readonly id: number;
  readonly bytes: Buffer;
}

/**
 * Turns resource JSON into what a version row stores and back. A stored resource repeats its
 * profile URLs, code systems and display texts, so against a dictionary of resources like it a
 * 1.7 kB Flag deflates to about 200 bytes. The resource tables then take a fraction of the pages:
 * a large store keeps far more of itself in memory, and a read brings fewer pages from disk.
 *
 * Rows written before migration 7, and resources of a type with no dictionary, stay JSON text;
 * both kinds are read alike, so an existing store needs no rewrite.
 */
export class ResourceJsonCodec {
  constructor(
    private readonly dictionaries: ReadonlyMap<number, Buffer>,
    private readonly presets: ReadonlyMap<string, Preset>,
  ) {}

  encode(resourceType: string, json: string): { readonly json: string | Buffer; readonly dictionary: number | null } {
    const preset = this.presets.get(resourceType);
    if (preset === undefined) return { json, dictionary: null };
    return { json: deflateRawSync(json, { level: 6, dictionary: preset.bytes }), dictionary: preset.id };
  }

  /** The JSON text, or undefined for a deletion. Throws if the row names a dictionary the file lacks. */
  decode(body: StoredBody): string | undefined {
    if (body.json === null) return undefined;
    if (body.dictionary === null) return typeof body.json === 'string' ? body.json : body.json.toString('utf8');
    const dictionary = this.dictionaries.get(body.dictionary);
    if (dictionary === undefined || typeof body.json === 'string') {
      throw new Error(`A resource version names compression dictionary ${body.dictionary}, which resource_dictionaries does not hold, or is not deflated: the row is damaged.`);
    }
    return inflateRawSync(body.json, { dictionary }).toString('utf8');
  }
}

function allDictionaries(db: Database): Map<number, Buffer> {
  const rows = db.prepare(wholeTableSql.allDictionaries).all() as { id: number; bytes: Buffer }[];
  return new Map(rows.map((row) => [row.id, row.bytes]));
}

/**
 * For a store's own connection: records the current samples as dictionaries (once per distinct
 * content: a dictionary, once used, is kept for as long as the rows that need it) and compresses
 * new versions against them.
 */
export function openResourceJsonCodec(db: Database, samples: ReadonlyMap<string, Buffer> = dictionarySamples()): ResourceJsonCodec {
  const insert = db.prepare(fixedSql.insertDictionary) as Statement<[string, Buffer]>;
  const find = db.prepare(fixedSql.dictionaryId) as Statement<[string, Buffer], { id: number }>;
  const presets = db.transaction(() => {
    const found = new Map<string, Preset>();
    for (const [resourceType, bytes] of samples) {
      insert.run(resourceType, bytes);
      const row = find.get(resourceType, bytes);
      if (row !== undefined) found.set(resourceType, { id: row.id, bytes });
    }
    return found;
  }).immediate();
  return new ResourceJsonCodec(allDictionaries(db), presets);
}

/** For reading a store's file from elsewhere (tests, tools): decodes only, writes nothing. */
export function readResourceJsonCodec(db: Database): ResourceJsonCodec {
  return new ResourceJsonCodec(allDictionaries(db), new Map());
}
