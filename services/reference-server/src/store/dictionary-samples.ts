import type { Resource } from 'fhir/r4.js';
import { parseRecord, toFhir } from '@raflag/core';
import { demoRecords } from '../demo/demo-records.js';

/**
 * zlib looks back at most 32 KiB, and setting a dictionary costs time in proportion to its size
 * on every call; past about 8 KiB the resources here compress by only a few bytes more.
 */
export const DICTIONARY_BYTES = 8 * 1024;

/** Stands in for the ids the store assigns, so the samples' references look like stored ones. */
const sampleId = (index: number): string => `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`;

/**
 * One preset dictionary per resource type that @raflag/core writes: the demo records' resources
 * as the store keeps them (an id, `meta.versionId` and `meta.lastUpdated`, references to other
 * resources by id). They hold what every stored resource of the type repeats: the profile URLs,
 * the code systems, the national codes' display texts, the property names.
 *
 * The bytes must come out the same on every start, or each start would store a new dictionary:
 * `toFhir` gives each entry a random `urn:uuid`, so those are replaced by fixed ids here.
 */
export function dictionarySamples(): ReadonlyMap<string, Buffer> {
  const byType = new Map<string, string[]>();
  let next = 1;
  for (const demo of demoRecords) {
    if (demo.record === undefined) continue;
    const parsed = parseRecord(demo.record);
    if (!parsed.ok) continue;
    const entries = toFhir(parsed.record).entry ?? [];
    const ids = new Map<string, string>();
    for (const entry of entries) {
      if (entry.fullUrl !== undefined && entry.resource !== undefined) ids.set(entry.fullUrl, `${entry.resource.resourceType}/${sampleId(next++)}`);
    }
    for (const entry of entries) {
      if (entry.resource === undefined) continue;
      const { resourceType, meta, ...rest } = entry.resource;
      const asStored = { resourceType, id: sampleId(next++), meta: { ...meta, versionId: '1', lastUpdated: '2026-01-01T00:00:00.000Z' }, ...rest } as Resource;
      let json = JSON.stringify(asStored);
      for (const [fullUrl, reference] of ids) json = json.replaceAll(fullUrl, reference);
      byType.set(resourceType, [...(byType.get(resourceType) ?? []), json]);
    }
  }
  const samples = new Map<string, Buffer>();
  for (const [resourceType, texts] of byType) {
    const bytes = Buffer.from(texts.join(''));
    // zlib favours the end of a dictionary (nearer matches cost fewer bits), so the end is kept.
    samples.set(resourceType, bytes.subarray(Math.max(0, bytes.length - DICTIONARY_BYTES)));
  }
  return samples;
}
