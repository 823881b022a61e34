import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue, type MessageId } from '@raflag/core';
import type { StoredVersion, WriteRefusal } from '../store/store.js';
import { jsonResponse, outcomeResponse, type FhirResponse } from './fhir-response.js';
import type { PreferReturn } from './preconditions.js';
import { resourceUrl, versionHeaders, versionUrl } from './resource-headers.js';

export interface WriteAnswer {
  readonly status: 200 | 201;
  readonly version: StoredVersion;
  readonly prefer: PreferReturn;
  readonly baseUrl: string;
  readonly message: Extract<MessageId, 'http.created' | 'http.updated' | 'http.unchanged'>;
  /** Validation warnings, returned with `Prefer: return=OperationOutcome`. */
  readonly notes: readonly OperationOutcomeIssue[];
}

/** The answer to a successful create or update, shaped by `Prefer: return=`. */
export function writeResponse(answer: WriteAnswer): FhirResponse {
  const { version, baseUrl } = answer;
  const headers: Record<string, string> = { ...versionHeaders(baseUrl, version) };
  if (answer.status === 201) headers['Location'] = versionUrl(baseUrl, version);
  if (answer.prefer === 'minimal') return { status: answer.status, headers, body: undefined };
  if (answer.prefer === 'OperationOutcome') {
    const issue = makeIssue(answer.message, undefined, { type: version.resourceType, version: version.versionId });
    return outcomeResponse(answer.status, [issue, ...answer.notes], headers);
  }
  return jsonResponse(answer.status, version.resource, headers);
}

/** Why a conditional write did not happen, as its status and OperationOutcome. */
export function refusalResponse(refusal: WriteRefusal, type: string, baseUrl: string, id: string | undefined): FhirResponse {
  switch (refusal.kind) {
    case 'version-conflict': {
      const headers: Record<string, string> = refusal.currentVersionId === undefined ? {} : { ETag: `W/"${refusal.currentVersionId}"` };
      return outcomeResponse(412, [makeIssue('http.version-conflict', undefined)], headers);
    }
    case 'not-found':
      return outcomeResponse(404, [makeIssue('http.resource-not-found', undefined, { type })]);
    case 'gone':
      return outcomeResponse(410, [makeIssue('http.resource-gone', undefined, { type })], {
        ETag: `W/"${refusal.versionId}"`,
        ...(id === undefined ? {} : { 'Content-Location': `${resourceUrl(baseUrl, type, id)}/_history/${refusal.versionId}` }),
      });
    case 'multiple-matches':
      return outcomeResponse(412, [makeIssue('http.conditional-multiple-matches', undefined, { count: refusal.count })]);
  }
}
