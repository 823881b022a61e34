import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { stu3Extension } from '../canonical.js';
import { isObject, itemsOf, stringOf, type JsonObject } from '../validate/json-read.js';
import { readStu3Condition, type ImpairmentInput, type UnderlyingConditionInput } from './stu3-condition.js';
import { extensionsOf } from './stu3-extension.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import type { ReadOptions, Stu3Item } from './stu3-item.js';
import { at } from './stu3-json.js';
import { patientFromReference, type PatientMention } from './stu3-patient-reference.js';
import { containedOf, type ContainedProvenance } from './stu3-recorded.js';

export interface ListReading {
  /** Every patient the List and its Conditions name, in document order. */
  readonly patients: PatientMention[];
  readonly impairments: Stu3Item<ImpairmentInput>[];
  readonly underlyingConditions: Stu3Item<UnderlyingConditionInput>[];
  readonly issues: OperationOutcomeIssue[];
}

/**
 * `mode`, `title`, `code` and `date` are fixed or bookkeeping in the one per-patient STU3 List;
 * the R4 record holds its Conditions directly.
 */
const LIST_KEYS: ReadonlySet<string> = new Set([
  'resourceType', 'id', 'meta', 'contained', 'status', 'mode', 'title', 'code', 'subject', 'date', 'entry',
]);
const ENTRY_KEYS: ReadonlySet<string> = new Set(['item', 'deleted', 'date']);

interface EntryAt {
  readonly path: string;
  readonly deleted: boolean;
}

/** Ids a Condition's retired Extension-RARecord-Provenance-1 points at (`#id` or `Provenance/id`). */
function provenanceIdsNamedBy(condition: JsonObject, path: string): Set<string> {
  const ids = new Set<string>();
  for (const ext of extensionsOf(condition, path)) {
    if (ext.url !== stu3Extension.provenance) continue;
    for (const part of extensionsOf(ext.value, ext.path)) {
      const reference = isObject(part.value.valueReference) ? stringOf(part.value.valueReference.reference) : undefined;
      const id = reference?.replace(/^#|^Provenance\//, '');
      if (id) ids.add(id);
    }
  }
  return ids;
}

/** Whether a List-contained Provenance records this Condition: by its target, or by the Condition's own pointer. */
function recordsCondition(provenance: ContainedProvenance, conditionId: string | undefined, named: Set<string>): boolean {
  if (provenance.id !== undefined && named.has(provenance.id)) return true;
  if (conditionId === undefined) return false;
  return itemsOf(provenance.value.target).some(({ value }) => {
    const reference = stringOf(value.reference);
    return reference === `#${conditionId}` || reference === `Condition/${conditionId}` || reference?.endsWith(`/Condition/${conditionId}`) === true;
  });
}

/**
 * Reads a STU3 CareConnect-RARecord-List-1: its contained Conditions are the impairments and
 * underlying conditions, each recorded by a Provenance contained beside it (gotchas 10 and 12).
 * An entry with `deleted = true` was removed in STU3, so it is not carried.
 */
export function readStu3List(list: JsonObject, path: string, options: ReadOptions = {}): ListReading {
  const issues: OperationOutcomeIssue[] = [];
  const result: ListReading = { patients: [], impairments: [], underlyingConditions: [], issues };
  const modified = reportUnread(list, path, LIST_KEYS, issues);
  const listPatient = patientFromReference(list.subject, `${path}.subject`, issues);
  if (listPatient) result.patients.push(listPatient);
  if (list.status !== 'current') {
    issues.push(notCarried(`${path}.status`, 'a List that is not current, with everything in it'));
    return result;
  }
  if (modified) return result;

  const entries = new Map<string, EntryAt>();
  for (const { value, index } of itemsOf(list.entry)) {
    const entryPath = at(path, 'entry', index);
    reportUnread(value, entryPath, ENTRY_KEYS, issues);
    const reference = isObject(value.item) ? stringOf(value.item.reference) : undefined;
    if (reference?.startsWith('#') !== true) {
      issues.push(notCarried(entryPath, 'an entry that does not point at a resource contained in the List'));
      continue;
    }
    entries.set(reference.slice(1), { path: entryPath, deleted: value.deleted === true });
  }

  const { provenances, others } = containedOf(list, path);
  const used = new Set<ContainedProvenance>();
  for (const contained of others) {
    if (contained.value.resourceType !== 'Condition') {
      issues.push(notCarried(contained.path, 'a contained resource that is neither a Condition nor a Provenance'));
      continue;
    }
    const mine = provenances.filter((p) => recordsCondition(p, contained.id, provenanceIdsNamedBy(contained.value, contained.path)));
    mine.forEach((p) => used.add(p));
    const entry = contained.id === undefined ? undefined : entries.get(contained.id);
    if (entry?.deleted) {
      issues.push(notCarried(`${entry.path}.deleted`, 'a removed impairment or condition (entry.deleted = true) and its Provenance'));
      continue;
    }
    const reading = readStu3Condition(contained.value, contained.path, options, mine);
    issues.push(...reading.issues);
    if (reading.patient) result.patients.push(reading.patient);
    if (reading.impairment) result.impairments.push(reading.impairment);
    if (reading.underlyingCondition) result.underlyingConditions.push(reading.underlyingCondition);
  }
  const containedIds = new Set([...provenances, ...others].map((c) => c.id));
  for (const [id, entry] of entries) {
    if (!containedIds.has(id)) issues.push(notCarried(entry.path, 'an entry that does not point at a resource contained in the List'));
  }
  for (const provenance of provenances) {
    if (!used.has(provenance)) issues.push(notCarried(provenance.path, 'a Provenance that records none of the List\'s Conditions'));
  }
  return result;
}
