import { makeIssue } from '../outcome/issue.js';
import { isObject, itemsOf, type JsonObject } from '../validate/json-read.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import type { ReadOptions } from './stu3-item.js';
import { at } from './stu3-json.js';
import { emptyReading, merge, type Stu3Reading } from './stu3-reading.js';
import { recogniseStu3Resource } from './stu3-recognise.js';
import { readStu3Resource } from './stu3-resource.js';

/** A Bundle's own elements are the old server's paging and bookkeeping, not record content. */
const BUNDLE_KEYS: ReadonlySet<string> = new Set(['resourceType', 'id', 'meta', 'type', 'total', 'link', 'entry']);
const ENTRY_KEYS: ReadonlySet<string> = new Set(['fullUrl', 'resource', 'search', 'request', 'response']);
const TYPE_NAME = /^[A-Z][A-Za-z]{1,63}$/;

/**
 * Reads a Bundle of STU3 record resources (a Spine searchset, or a set a site exported) into one
 * reading, so that a patient's Consent, Flags and List become one R4 record.
 */
export function readStu3Bundle(bundle: JsonObject, options: ReadOptions): Stu3Reading {
  const reading = emptyReading('Bundle.entry');
  reportUnread(bundle, 'Bundle', BUNDLE_KEYS, reading.issues);
  for (const { value: entry, index } of itemsOf(bundle.entry)) {
    const entryPath = at('Bundle', 'entry', index);
    reportUnread(entry, entryPath, ENTRY_KEYS, reading.issues);
    const resource = entry.resource;
    if (!isObject(resource)) continue;
    const path = `${entryPath}.resource`;
    const kind = recogniseStu3Resource(resource);
    if (kind === 'remove-record') {
      reading.issues.push(notCarried(path, 'a $removerarecord request inside a Bundle (convert it on its own)'));
    } else if (kind === undefined) {
      const type = typeof resource.resourceType === 'string' && TYPE_NAME.test(resource.resourceType) ? resource.resourceType : 'unknown';
      reading.issues.push(makeIssue('mapping.unmapped-resource', path, { type }));
    } else {
      merge(reading, readStu3Resource(kind, resource, path, options));
    }
  }
  return reading;
}
