import type { Resource } from 'fhir/r4.js';
import { isJsonObject, ODS_ORGANISATION_SYSTEM } from '@raflag/core';

const ODS_URL = /\/Organization\/([A-Za-z0-9]{3,10})$/;

function odsCodeOf(reference: unknown): string | undefined {
  if (!isJsonObject(reference)) return undefined;
  const url = typeof reference['reference'] === 'string' ? ODS_URL.exec(reference['reference'])?.[1] : undefined;
  if (url !== undefined) return url.toUpperCase();
  const identifier = reference['identifier'];
  if (isJsonObject(identifier) && identifier['system'] === ODS_ORGANISATION_SYSTEM && typeof identifier['value'] === 'string') return identifier['value'].toUpperCase();
  return undefined;
}

/**
 * The ODS codes of the organisations a resource's contained Provenance says recorded it (the
 * agents' `onBehalfOf`, or `who` when that is an organisation). Staff of these organisations
 * read the record under direct care (DESIGN decision 8).
 */
export function recordingOrganisationsOf(resource: Resource): string[] {
  const codes = new Set<string>();
  const contained = (resource as unknown as Record<string, unknown>)['contained'];
  for (const item of Array.isArray(contained) ? contained : []) {
    if (!isJsonObject(item) || item['resourceType'] !== 'Provenance') continue;
    for (const agent of Array.isArray(item['agent']) ? item['agent'] : []) {
      if (!isJsonObject(agent)) continue;
      const code = odsCodeOf(agent['onBehalfOf']) ?? odsCodeOf(agent['who']);
      if (code !== undefined) codes.add(code);
    }
  }
  return [...codes];
}
