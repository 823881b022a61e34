import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../outcome/issue.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';
import { currentExtensionUrl } from './read-gen2.js';

/** Elements every resource may carry that say nothing the record needs to keep. */
const ALWAYS_KNOWN = new Set(['resourceType', 'id', 'meta', 'text', 'language']);

/**
 * Warns about every top-level element the mapping does not read, so that nothing is dropped
 * without saying so.
 */
export function reportUnmapped(
  resource: JsonObject,
  at: string,
  known: readonly string[],
  issues: OperationOutcomeIssue[],
): void {
  for (const key of Object.keys(resource)) {
    if (ALWAYS_KNOWN.has(key) || known.includes(key)) continue;
    issues.push(makeIssue('mapping.unmapped-element', `${at}.${key}`, { element: key }));
  }
}

export interface ReadExtension {
  readonly extension: JsonObject;
  readonly at: string;
}

/**
 * The resource's extensions grouped by the URL raflag emits for them (Gen 2 URLs are read as the
 * current ones). Extensions whose URL is not in `accepted` are reported as not carried.
 */
export function readExtensions(
  resource: JsonObject,
  at: string,
  accepted: readonly string[],
  issues: OperationOutcomeIssue[],
): Map<string, ReadExtension[]> {
  const out = new Map<string, ReadExtension[]>();
  for (const [extension, index] of objectsIn(resource['extension'])) {
    const extAt = `${at}.extension[${index}]`;
    const url = currentExtensionUrl(stringAt(extension['url']) ?? '', extAt, issues);
    if (!accepted.includes(url)) {
      issues.push(makeIssue('mapping.unmapped-element', extAt, { element: `extension (${url || 'no url'})` }));
      continue;
    }
    out.set(url, [...(out.get(url) ?? []), { extension, at: extAt }]);
  }
  return out;
}

/** The text of an Annotation extension (`valueAnnotation.text`), the first when there are several. */
export function annotationText(found: readonly ReadExtension[] | undefined, issues: OperationOutcomeIssue[]): string | undefined {
  const [first, ...rest] = found ?? [];
  if (first === undefined) return undefined;
  for (const extra of rest) issues.push(makeIssue('mapping.unmapped-element', extra.at, { element: 'extension' }));
  const annotation = first.extension['valueAnnotation'];
  const text = isObject(annotation) ? stringAt(annotation['text']) : undefined;
  if (text === undefined) {
    issues.push(makeIssue('mapping.not-carried', `${first.at}.value.ofType(Annotation)`, { what: 'an annotation without text' }));
  }
  return text;
}

/**
 * Whether a Flag is current. An inactive or entered-in-error Flag is not part of the record (removed
 * items are deleted), so it is reported and not read.
 */
export function isCurrent(flag: JsonObject, at: string, issues: OperationOutcomeIssue[]): boolean {
  const status = flag['status'];
  if (status === undefined || status === 'active') return true;
  issues.push(makeIssue('mapping.not-carried', `${at}.status`, { what: 'a Flag whose status is not active' }));
  return false;
}
