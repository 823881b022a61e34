import type { StoredVersion } from '../store/store.js';

export const etagOf = (versionId: number): string => `W/"${versionId}"`;

/** `Last-Modified` is an HTTP date, which has whole seconds only. */
export const httpDate = (instant: string): string => new Date(instant).toUTCString();

export const resourceUrl = (baseUrl: string, type: string, id: string): string => `${baseUrl}/${type}/${encodeURIComponent(id)}`;

export const versionUrl = (baseUrl: string, version: StoredVersion): string =>
  `${resourceUrl(baseUrl, version.resourceType, version.id)}/_history/${version.versionId}`;

/** ETag, Last-Modified and Content-Location of one stored version. */
export function versionHeaders(baseUrl: string, version: StoredVersion): Record<string, string> {
  return {
    ETag: etagOf(version.versionId),
    'Last-Modified': httpDate(version.lastUpdated),
    'Content-Location': versionUrl(baseUrl, version),
  };
}
