import type { IncomingMessage } from 'node:http';
import { httpError } from './http-error.js';

/** A header's value; a repeated header counts by its first value. */
export const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const VERSION_TAG = /^(?:W\/)?"([1-9]\d{0,14})"$/;

/** The version an `If-Match` names, undefined when absent; 400 when it is not a version ETag. */
export function ifMatchVersion(req: IncomingMessage): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined) return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (match?.[1] === undefined) throw httpError(400, 'http.if-match-invalid', undefined);
  return Number(match[1]);
}

/** True when `If-None-Match` names this version (or `*`): the client's copy is current. */
export function noneMatchHits(req: IncomingMessage, versionId: number): boolean {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || VERSION_TAG.exec(trimmed)?.[1] === String(versionId);
  });
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** FHIR ids: 1 to 64 of `A-Z a-z 0-9 - .`. */
export function checkId(id: string): string {
  if (!ID.test(id)) throw httpError(400, 'http.id-invalid', undefined);
  return id;
}

export type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

/** `Prefer: return=…`; representation when absent or not understood. */
export function preferReturn(req: IncomingMessage): PreferReturn {
  const header = headerValue(req.headers['prefer']);
  const value = header === undefined ? undefined : /(?:^|[;,\s])return\s*=\s*"?([A-Za-z]+)"?/.exec(header)?.[1];
  return value === 'minimal' || value === 'OperationOutcome' ? value : 'representation';
}
