import { rewriteReferences } from '../bundle/rewrite-references.js';
import { demoBundles } from '../demo/demo-bundles.js';
import { asStoredResource } from './stored-resource.js';

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
 * the Bundles give each entry a random `urn:uuid`, so references get fixed ids here.
 */
export function dictionarySamples(): ReadonlyMap<string, Buffer> {
  const demo = demoBundles();
  if (!demo.ok) return new Map();
  const byType = new Map<string, string[]>();
  let next = 1;
  for (const { bundle } of demo.bundles) {
    const entries = (bundle.entry ?? []).flatMap(({ fullUrl, resource }) => (resource === undefined ? [] : [{ fullUrl, resource, id: sampleId(next++) }]));
    const targets = new Map(entries.flatMap((entry) => (entry.fullUrl === undefined ? [] : [[entry.fullUrl, `${entry.resource.resourceType}/${entry.id}`] as const])));
    for (const { resource, id } of entries) {
      const stored = asStoredResource(rewriteReferences(resource, targets), id, 1, '2026-01-01T00:00:00.000Z');
      byType.set(resource.resourceType, [...(byType.get(resource.resourceType) ?? []), JSON.stringify(stored)]);
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
