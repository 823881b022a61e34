import type { Bundle, OperationOutcome } from 'fhir/r4.js';
import { toFhir, type ToFhirOptions } from '../fhir/to-fhir.js';
import type { RaRecord } from '../model/ra-record.js';
import { makeIssue } from '../outcome/issue.js';
import { toOutcome } from '../outcome/outcome.js';
import { readStu3Bundle } from './stu3-bundle.js';
import { assembleRecord } from './stu3-assemble.js';
import type { ReadOptions } from './stu3-item.js';
import { recogniseStu3 } from './stu3-recognise.js';
import { readStu3RemoveRecord, type Stu3Removal } from './stu3-remove-record.js';
import { readStu3Resource } from './stu3-resource.js';

export type { Stu3Removal };

/** Reading options, plus how the R4 Bundle makes its `urn:uuid:` fullUrls. */
export type ConvertStu3Options = ReadOptions & ToFhirOptions;

/**
 * The result of converting a retired STU3 RARecord payload. `outcome` always says what was
 * normalised, what could not be carried and why; it never repeats a submitted value.
 */
export type Stu3Conversion = { readonly outcome: OperationOutcome } & (
  | { readonly kind: 'record'; readonly record: RaRecord; readonly bundle: Bundle }
  | { readonly kind: 'removal'; readonly removal: Stu3Removal }
  | { readonly kind: 'none' }
);

/**
 * Converts a retired STU3 RARecord payload (DESIGN decision 4) into the current R4 record: a
 * RARecord Flag, Consent, List (with its contained Conditions and Provenances) or stand-alone
 * Condition, or a Bundle of them, becomes `kind: 'record'` with the R4 transaction Bundle; a
 * `$removerarecord` Parameters becomes `kind: 'removal'`. Anything else, or a payload that names
 * no patient, is `kind: 'none'`. Never throws.
 */
export function convertStu3(input: unknown, options: ConvertStu3Options = {}): Stu3Conversion {
  const recognised = recogniseStu3(input);
  if (recognised.kind === 'unrecognised') {
    return { kind: 'none', outcome: toOutcome([makeIssue('mapping.stu3-unrecognised', undefined, { reason: recognised.reason })]) };
  }
  if (recognised.kind === 'remove-record') {
    const { removal, issues } = readStu3RemoveRecord(recognised.resource);
    const outcome = toOutcome(issues);
    return removal ? { kind: 'removal', removal, outcome } : { kind: 'none', outcome };
  }
  const reading =
    recognised.kind === 'bundle'
      ? readStu3Bundle(recognised.resource, options)
      : readStu3Resource(recognised.kind, recognised.resource, rootOf(recognised.kind), options);
  const { record, issues } = assembleRecord(reading);
  const outcome = toOutcome([...reading.issues, ...issues]);
  return record ? { kind: 'record', record, bundle: toFhir(record, options), outcome } : { kind: 'none', outcome };
}

function rootOf(kind: 'flag' | 'consent' | 'list' | 'condition'): string {
  return { flag: 'Flag', consent: 'Consent', list: 'List', condition: 'Condition' }[kind];
}
