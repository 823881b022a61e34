import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { codingsOf, isObject, itemsOf, stringOf, type CodingAt, type JsonObject } from '../validate/json-read.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import { at, trimmedText } from './stu3-json.js';

export interface ExtensionAt {
  readonly value: JsonObject;
  readonly path: string;
  readonly url: string | undefined;
}

/** The extensions of a STU3 element, each with its indexed path. */
export function extensionsOf(element: JsonObject, path: string): ExtensionAt[] {
  return itemsOf(element.extension).map(({ value, index }) => ({
    value,
    path: at(path, 'extension', index),
    url: stringOf(value.url),
  }));
}

/** FHIRPath type names of the value[x] types the RARecord extensions use. */
const FHIRPATH_TYPE = { CodeableConcept: 'CodeableConcept', Annotation: 'Annotation', String: 'string', Reference: 'Reference' } as const;
type ValueType = keyof typeof FHIRPATH_TYPE;

/** `value[x]` of a simple extension, at `ext.value.ofType(T)`; other keys are reported as not carried. */
export function extensionValue(
  ext: ExtensionAt,
  type: ValueType,
  issues: OperationOutcomeIssue[],
): { readonly value: unknown; readonly path: string } {
  const key = `value${type}`;
  reportUnread(ext.value, ext.path, new Set(['url', key]), issues);
  return { value: ext.value[key], path: `${ext.path}.value.ofType(${FHIRPATH_TYPE[type]})` };
}

/** The text of an Annotation; its author and time have no place in the R4 record. */
export function annotationText(
  annotation: unknown,
  path: string,
  issues: OperationOutcomeIssue[],
): string | undefined {
  if (!isObject(annotation)) return undefined;
  reportUnread(annotation, path, new Set(['text']), issues);
  return trimmedText(annotation.text);
}

export interface RemovalReason {
  readonly coding: CodingAt | undefined;
  readonly comment: string | undefined;
  /** Expression of `supportingComment`'s value, for issues about it. */
  readonly commentPath: string;
}

/** Extension-RARecord-RemovalReason-1: a coded reason and a supporting comment, as sub-extensions. */
export function readRemovalReason(ext: ExtensionAt, issues: OperationOutcomeIssue[]): RemovalReason {
  reportUnread(ext.value, ext.path, new Set(['url', 'extension']), issues);
  let coding: CodingAt | undefined;
  let comment: string | undefined;
  let commentPath = `${ext.path}.extension.where(url='supportingComment')`;
  for (const part of extensionsOf(ext.value, ext.path)) {
    if (part.url === 'removalReason' && coding === undefined) {
      const value = extensionValue(part, 'CodeableConcept', issues);
      coding = codingsOf(value.value, value.path)[0];
    } else if (part.url === 'supportingComment' && comment === undefined) {
      const value = extensionValue(part, 'String', issues);
      comment = trimmedText(value.value);
      commentPath = value.path;
    } else {
      issues.push(notCarried(part.path, 'a part of the removal reason that the extension does not define (or a repeat of it)'));
    }
  }
  return { coding, comment, commentPath };
}
