import type { OperationOutcome } from 'fhir/r4.js';
import { HttpResponse, type JsonBodyType } from 'msw';

export const FHIR_JSON = { 'content-type': 'application/fhir+json; charset=utf-8' };

export function outcome(code: OperationOutcome['issue'][number]['code'], text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

export function fhirJson(body: JsonBodyType, status = 200, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body, { status, headers: { ...FHIR_JSON, ...headers } });
}

/** Each request a handler saw, in order, with the headers tests care about. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly requestId: string | null;
  readonly ifMatch: string | null;
  readonly authorization: string | null;
  readonly prefer: string | null;
  readonly keepalive: boolean;
  readonly body: unknown;
}

export async function seen(request: Request): Promise<SeenRequest> {
  const text = await request.clone().text();
  return {
    method: request.method,
    url: request.url,
    requestId: request.headers.get('x-request-id'),
    ifMatch: request.headers.get('if-match'),
    authorization: request.headers.get('authorization'),
    prefer: request.headers.get('prefer'),
    keepalive: request.keepalive,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
