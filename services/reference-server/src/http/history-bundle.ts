import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import type { SearchPage, StoredVersion } from '../store/store.js';
import { etagOf, resourceUrl } from './resource-headers.js';
import { CURSOR_PARAM } from './search/parse-search.js';

/**
 * What each version's request was. The store keeps versions, not requests, so it is read back:
 * the first version was a create, a tombstone a delete, anything else an update.
 */
function requestOf(version: StoredVersion): NonNullable<BundleEntry['request']> {
  const url = `${version.resourceType}/${version.id}`;
  if (version.deleted) return { method: 'DELETE', url };
  if (version.versionId === 1) return { method: 'POST', url: version.resourceType };
  return { method: 'PUT', url };
}

function entryOf(baseUrl: string, version: StoredVersion): BundleEntry {
  return {
    fullUrl: resourceUrl(baseUrl, version.resourceType, version.id),
    ...(version.resource ? { resource: version.resource as FhirResource } : {}),
    request: requestOf(version),
    response: {
      status: version.deleted ? '204' : version.versionId === 1 ? '201' : '200',
      etag: etagOf(version.versionId),
      lastModified: version.lastUpdated,
    },
  };
}

export function historyBundle(baseUrl: string, path: string, params: URLSearchParams, page: SearchPage): Bundle {
  const linkTo = (relation: string, cursor: string | undefined) => {
    const query = new URLSearchParams(params);
    query.delete(CURSOR_PARAM);
    if (cursor !== undefined) query.set(CURSOR_PARAM, cursor);
    const text = query.toString();
    return { relation, url: `${baseUrl}/${path}${text === '' ? '' : `?${text}`}` };
  };
  const link = [linkTo('self', params.get(CURSOR_PARAM) ?? undefined)];
  if (page.next !== undefined) link.push(linkTo('next', page.next));
  if (page.previous !== undefined) link.push(linkTo('previous', page.previous));
  const entry = page.matches.map((version) => entryOf(baseUrl, version));
  return { resourceType: 'Bundle', type: 'history', link, ...(entry.length > 0 ? { entry } : {}) };
}
