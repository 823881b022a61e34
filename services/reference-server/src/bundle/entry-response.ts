import type { BundleEntry, OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { StoredVersion } from '../store/store.js';
import { statusLine } from './entry-failure.js';

/** `Bundle.entry.response` (and the resource) for a version the entry wrote or read. */
export function versionEntry(status: number, version: StoredVersion, baseUrl: string | undefined, withLocation: boolean): BundleEntry {
  const path = `${version.resourceType}/${version.id}`;
  const entry: BundleEntry = {
    response: {
      status: statusLine(status),
      etag: `W/"${version.versionId}"`,
      lastModified: version.lastUpdated,
      ...(withLocation ? { location: `${path}/_history/${version.versionId}` } : {}),
    },
  };
  if (version.resource !== undefined) {
    entry.resource = version.resource as BundleEntry['resource'];
    if (baseUrl !== undefined) entry.fullUrl = `${baseUrl}/${path}`;
  }
  return entry;
}

/** A failed batch entry: its status and why, as an OperationOutcome in `response.outcome`. */
export function failureEntry(status: number, issues: readonly OperationOutcomeIssue[]): BundleEntry {
  const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: [...issues] };
  return { response: { status: statusLine(status), outcome } };
}
