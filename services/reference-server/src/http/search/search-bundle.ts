import type { Bundle, BundleEntry, BundleLink, FhirResource } from 'fhir/r4.js';
import { makeIssue, toOutcome } from '@raflag/core';
import type { SearchPage, StoredVersion } from '../../store/store.js';
import { resourceUrl } from '../resource-headers.js';
import { CURSOR_PARAM } from './parse-search.js';

export interface SearchBundleInput {
  readonly baseUrl: string;
  /** Where the search was made, relative to the base (`Flag`, `PatientFlag`). */
  readonly path: string;
  /** The parameters as the client sent them; links repeat them with a different cursor. */
  readonly params: URLSearchParams;
  readonly page: SearchPage;
  readonly included: readonly StoredVersion[];
  readonly clampedFrom: number | undefined;
  readonly countMax: number;
}

function link(input: SearchBundleInput, relation: string, cursor: string | undefined): BundleLink {
  const params = new URLSearchParams(input.params);
  params.delete(CURSOR_PARAM);
  params.delete('_format');
  if (cursor !== undefined) params.set(CURSOR_PARAM, cursor);
  const query = params.toString();
  return { relation, url: `${input.baseUrl}/${input.path}${query === '' ? '' : `?${query}`}` };
}

function entryOf(baseUrl: string, version: StoredVersion, mode: 'match' | 'include'): BundleEntry {
  const fullUrl = resourceUrl(baseUrl, version.resourceType, version.id);
  const search = { mode };
  // Two literals rather than a spread in the middle: members after a spread are slow on this Node.
  return version.resource ? { fullUrl, resource: version.resource as FhirResource, search } : { fullUrl, search };
}

/** A searchset page: matches, then `_include`d resources, with self / next / previous links. */
export function searchBundle(input: SearchBundleInput): Bundle {
  const links = [link(input, 'self', input.params.get(CURSOR_PARAM) ?? undefined)];
  if (input.page.next !== undefined) links.push(link(input, 'next', input.page.next));
  if (input.page.previous !== undefined) links.push(link(input, 'previous', input.page.previous));
  const entry = [
    ...input.page.matches.map((version) => entryOf(input.baseUrl, version, 'match')),
    ...input.included.map((version) => entryOf(input.baseUrl, version, 'include')),
  ];
  if (input.clampedFrom !== undefined) {
    entry.push({ resource: toOutcome([makeIssue('http.count-clamped', '_count', { max: input.countMax })]), search: { mode: 'outcome' } });
  }
  return { resourceType: 'Bundle', type: 'searchset', link: links, ...(entry.length > 0 ? { entry } : {}) };
}

/** `_summary=count`: the total and nothing else. */
export function countBundle(baseUrl: string, path: string, params: URLSearchParams, total: number): Bundle {
  const query = params.toString();
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [{ relation: 'self', url: `${baseUrl}/${path}${query === '' ? '' : `?${query}`}` }],
  };
}
