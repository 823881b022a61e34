import type { Bundle } from 'fhir/r4.js';

/** `W/"3"` or `"3"` → `3`; anything else is not a version this client can send back. */
export function versionFromEtag(etag: string | null | undefined): string | undefined {
  const match = /^(?:W\/)?"([^"]+)"$/.exec(etag?.trim() ?? '');
  return match?.[1];
}

/** `Flag/abc/_history/3` (absolute or relative) → type, id and version. */
export function parseLocation(location: string | null | undefined): { type: string; id: string; versionId?: string } | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?\/?$/.exec(location ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return match[3] === undefined ? { type: match[1], id: match[2] } : { type: match[1], id: match[2], versionId: match[3] };
}

interface Versioned {
  readonly resourceType?: string;
  readonly id?: string;
  readonly meta?: { readonly versionId?: string };
}

/**
 * The version of each resource this client last read or wrote, so an update or delete can say
 * `If-Match` with the version its change was based on and the server can refuse a lost update.
 */
export class VersionTracker {
  private readonly versions = new Map<string, string>();

  get(type: string, id: string): string | undefined {
    return this.versions.get(`${type}/${id}`);
  }

  set(type: string, id: string, versionId: string | undefined): void {
    if (versionId !== undefined) this.versions.set(`${type}/${id}`, versionId);
  }

  forget(type: string, id: string): void {
    this.versions.delete(`${type}/${id}`);
  }

  noteResource(resource: Versioned | undefined): void {
    if (resource?.resourceType !== undefined && resource.id !== undefined) this.set(resource.resourceType, resource.id, resource.meta?.versionId);
  }

  /** Searchset entries by their resources; transaction-response entries by `response.location` or `etag`. */
  noteBundle(bundle: Bundle): void {
    for (const entry of bundle.entry ?? []) {
      this.noteResource(entry.resource);
      const location = parseLocation(entry.response?.location);
      if (location === undefined) continue;
      if (entry.response?.status?.startsWith('204') === true && entry.resource === undefined && location.versionId === undefined) {
        this.forget(location.type, location.id);
        continue;
      }
      this.set(location.type, location.id, location.versionId ?? versionFromEtag(entry.response?.etag));
    }
  }
}
