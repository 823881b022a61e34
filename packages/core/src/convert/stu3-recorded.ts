import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { isObject, itemsOf, stringOf, type JsonObject } from '../validate/json-read.js';
import { normalised, notCarried } from './stu3-issues.js';
import type { ReadOptions } from './stu3-item.js';
import { at } from './stu3-json.js';
import { readStu3Provenance, type RecordedInput, type Sources } from './stu3-provenance.js';

export interface ContainedProvenance {
  readonly value: JsonObject;
  readonly path: string;
  readonly id: string | undefined;
}

/** The contained Provenances of a STU3 resource, and every other contained resource. */
export function containedOf(resource: JsonObject, path: string): { provenances: ContainedProvenance[]; others: ContainedProvenance[] } {
  const provenances: ContainedProvenance[] = [];
  const others: ContainedProvenance[] = [];
  for (const { value, index } of itemsOf(resource.contained)) {
    const item = { value, path: at(path, 'contained', index), id: stringOf(value.id) };
    (value.resourceType === 'Provenance' ? provenances : others).push(item);
  }
  return { provenances, others };
}

/** The Provenance that says who first recorded the item: a CREATE one when there is one, else the first. */
function chooseProvenance(provenances: readonly ContainedProvenance[]): ContainedProvenance | undefined {
  const isCreate = (p: ContainedProvenance) => isObject(p.value.activity) && p.value.activity.code === 'CREATE';
  return provenances.find(isCreate) ?? provenances[0];
}

export interface RecordedReading {
  readonly recorded: RecordedInput | undefined;
  readonly sources: Sources;
}

/**
 * Who recorded `item` (named in issue texts, e.g. "the adjustment"), from the Provenances that
 * belong to it. STU3 kept one Provenance per create or update; the R4 record keeps who first
 * recorded the item, so further ones are reported as not carried.
 */
export function recordedFrom(
  provenances: readonly ContainedProvenance[],
  item: string,
  missingAt: string,
  options: ReadOptions,
  issues: OperationOutcomeIssue[],
): RecordedReading {
  const chosen = chooseProvenance(provenances);
  for (const other of provenances) {
    if (other !== chosen) issues.push(notCarried(other.path, `a further Provenance of ${item} (the R4 record keeps who first recorded it)`));
  }
  if (chosen === undefined) {
    if (options.recordedFallback) {
      issues.push(normalised(missingAt, `who recorded ${item} taken from the caller's default, as the payload has no Provenance`));
      return { recorded: options.recordedFallback, sources: new Map([['', missingAt]]) };
    }
    issues.push(notCarried(missingAt, `${item}, because no Provenance says who recorded it and the R4 record requires that`, 'error'));
    return { recorded: undefined, sources: new Map() };
  }
  const reading = readStu3Provenance(chosen.value, chosen.path);
  issues.push(...reading.issues);
  return { recorded: reading.recorded, sources: reading.sources };
}
