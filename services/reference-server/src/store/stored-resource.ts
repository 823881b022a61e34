import type { Resource } from 'fhir/r4.js';

/**
 * A resource as the store keeps a version of it: its id, and `meta` with the version and instant
 * the store assigned, ahead of the rest. The dictionary samples (dictionary-samples.ts) take the
 * same shape, so they match what they compress.
 */
export function asStoredResource(resource: Resource, id: string, version: number, lastUpdated: string): Resource {
  const { resourceType, id: _ignoredId, meta, ...rest } = resource;
  return { resourceType, id, meta: { ...meta, versionId: String(version), lastUpdated }, ...rest } as Resource;
}
