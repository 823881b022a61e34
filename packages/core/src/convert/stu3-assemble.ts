import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { parseRecord } from '../model/parse-record.js';
import type { RaRecord, RaRecordInput } from '../model/ra-record.js';
import { makeIssue } from '../outcome/issue.js';
import { notCarried } from './stu3-issues.js';
import type { Stu3Item } from './stu3-item.js';
import type { Stu3Reading } from './stu3-reading.js';

export interface Assembly {
  readonly record: RaRecord | undefined;
  readonly issues: OperationOutcomeIssue[];
}

type ListName = 'adjustments' | 'impairments' | 'underlyingConditions';
const ITEM_NAMES: Readonly<Record<ListName | 'consent', string>> = {
  adjustments: 'adjustment',
  impairments: 'impairment',
  underlyingConditions: 'underlying condition',
  consent: 'consent',
};

interface Items {
  adjustments: Stu3Item<unknown>[];
  impairments: Stu3Item<unknown>[];
  underlyingConditions: Stu3Item<unknown>[];
  consent: Stu3Item<unknown> | undefined;
}

const ITEM_PATH = /^RaRecord\.(adjustments|impairments|underlyingConditions)\[(\d+)\](?:\.(.*))?$|^RaRecord\.(consent)(?:\.(.*))?$/;

/** The STU3 expression a field of an item came from: the field's own source, else its nearest parent's. */
function sourceOf(item: Stu3Item<unknown>, field: string): string {
  let key = field;
  for (;;) {
    const found = item.sources.get(key);
    if (found !== undefined) return found;
    if (key === '') return item.expression;
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut < 0 ? '' : key.slice(0, cut);
  }
}

/** The record's first patient; any other patient named makes the payload unusable as one record. */
function patientOf(reading: Stu3Reading, issues: OperationOutcomeIssue[]): string | undefined {
  const [first, ...rest] = reading.patients;
  if (first === undefined) {
    issues.push(makeIssue('mapping.no-patient', reading.patientExpected));
    return undefined;
  }
  const others = rest.filter((p) => p.nhsNumber !== first.nhsNumber);
  others.forEach((p) => issues.push(makeIssue('mapping.stu3-patient-mismatch', p.expression)));
  return others.length === 0 ? first.nhsNumber : undefined;
}

/** STU3 allowed one active Consent per patient; a Bundle may still hold older, inactive ones. */
function consentOf(reading: Stu3Reading, issues: OperationOutcomeIssue[]): Stu3Item<unknown> | undefined {
  const chosen = reading.consents.find((c) => c.value.state === 'given') ?? reading.consents[0];
  for (const other of reading.consents) {
    if (other !== chosen) issues.push(notCarried(other.expression, 'a further consent (the R4 record holds the current consent only)'));
  }
  return chosen;
}

const count = (items: Items) =>
  items.adjustments.length + items.impairments.length + items.underlyingConditions.length + (items.consent ? 1 : 0);

function recordInput(nhsNumber: string, items: Items): unknown {
  return {
    patient: { nhsNumber },
    adjustments: items.adjustments.map((i) => i.value),
    impairments: items.impairments.map((i) => i.value),
    underlyingConditions: items.underlyingConditions.map((i) => i.value),
    ...(items.consent ? { consent: items.consent.value } : {}),
  } satisfies Record<keyof Omit<RaRecordInput, 'patientFlag' | 'scr' | 'consent'>, unknown>;
}

/**
 * Moves record-model issues onto the STU3 elements that caused them and drops the items they
 * belong to; answers whether every issue could be pinned to an item (else the record is unusable).
 */
function dropFailing(modelIssues: readonly OperationOutcomeIssue[], items: Items, issues: OperationOutcomeIssue[]): boolean {
  const failed = new Set<Stu3Item<unknown>>();
  let allPinned = true;
  for (const issue of modelIssues) {
    const match = ITEM_PATH.exec(issue.expression?.[0] ?? '');
    const list = match?.[1] as ListName | undefined;
    const item = list ? items[list][Number(match?.[2])] : match?.[4] ? items.consent : undefined;
    if (item === undefined) {
      issues.push(issue);
      allPinned = false;
      continue;
    }
    issues.push({ ...issue, expression: [sourceOf(item, match?.[3] ?? match?.[5] ?? '')] });
    failed.add(item);
  }
  for (const name of ['adjustments', 'impairments', 'underlyingConditions'] as const) {
    items[name] = items[name].filter((item) => {
      if (!failed.has(item)) return true;
      issues.push(notCarried(item.expression, `the ${ITEM_NAMES[name]}, because it breaks a rule of the R4 record`, 'error'));
      return false;
    });
  }
  if (items.consent && failed.has(items.consent)) {
    issues.push(notCarried(items.consent.expression, 'the consent, because it breaks a rule of the R4 record', 'error'));
    items.consent = undefined;
  }
  return allPinned;
}

/**
 * Builds the R4 record from what was read. The record model has the last word: an item it
 * rejects is dropped with the model's own issue, pointed at the STU3 element it came from.
 */
export function assembleRecord(reading: Stu3Reading): Assembly {
  const issues: OperationOutcomeIssue[] = [];
  const nhsNumber = patientOf(reading, issues);
  const items: Items = {
    adjustments: [...reading.adjustments],
    impairments: [...reading.impairments],
    underlyingConditions: [...reading.underlyingConditions],
    consent: consentOf(reading, issues),
  };
  if (nhsNumber === undefined) return { record: undefined, issues };

  // Each failed pass drops at least one item, so this ends.
  while (count(items) > 0) {
    const parsed = parseRecord(recordInput(nhsNumber, items));
    if (parsed.ok) return { record: parsed.record, issues };
    if (!dropFailing(parsed.outcome.issue, items, issues)) return { record: undefined, issues };
  }
  issues.push(makeIssue('mapping.stu3-nothing-to-carry', undefined));
  return { record: undefined, issues };
}
