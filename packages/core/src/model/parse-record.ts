import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import { makeIssue } from '../outcome/issue.js';
import { messages, type MessageId } from '../outcome/messages.js';
import { toOutcome } from '../outcome/outcome.js';
import { raRecordSchema, type RaRecord } from './ra-record.js';

export type ParseRecordResult = { ok: true; record: RaRecord } | { ok: false; outcome: OperationOutcome };

const ROOT = 'RaRecord';

/** `RaRecord.adjustments[0].recorded.when`: the FHIRPath-like name of a place in the record. */
export function recordPath(path: readonly PropertyKey[], root = ROOT): string {
  return path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), root);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

const isMessageId = (id: unknown): id is MessageId => typeof id === 'string' && id in messages;

/** Only structural facts go into params; never the submitted value. */
function structuralParams(params: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) if (key !== 'id' && typeof value === 'string') out[key] = value;
  return out;
}

function toIssues(issue: z.core.$ZodIssue, input: unknown, root: string): OperationOutcomeIssue[] {
  const at = recordPath(issue.path, root);
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'custom': {
      const id = issue.params?.['id'];
      return [makeIssue(isMessageId(id) ? id : 'mapping.invalid-record', at, { problem: 'a rule failed', ...structuralParams(issue.params) })];
    }
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined
        ? [makeIssue('mapping.record-required', at, { element: String(last ?? root) })]
        : [makeIssue('mapping.record-wrong-type', at, { expected: issue.expected })];
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        makeIssue('mapping.record-unknown-element', `${at}.${key}`, { element: key, type: typeof last === 'string' ? last : root }),
      );
    case 'invalid_value':
      return [makeIssue('mapping.record-invalid-code', at, { allowed: issue.values.map(String).join(' | ') })];
    case 'too_small':
      return [makeIssue('mapping.record-empty', at)];
    default:
      return [makeIssue('mapping.invalid-record', at, { problem: issue.code })];
  }
}

/** OperationOutcome issues for zod's, named from `root` (`RaRecord`, or an item's name). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, root = ROOT): OperationOutcomeIssue[] {
  return issues.flatMap((issue) => toIssues(issue, input, root));
}

/** Removes undefined-valued keys at every depth, so optional fields are absent, never undefined. */
export function pruned<T>(value: T): T {
  if (Array.isArray(value)) return value.map(pruned) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = pruned(v);
  return out as T;
}

/**
 * Checks any value against the record model. Every issue names the failing place as an expression on
 * the record (`RaRecord.patient.nhsNumber`) and its diagnostics never repeat the value.
 */
export function parseRecord(input: unknown): ParseRecordResult {
  const result = raRecordSchema.safeParse(input);
  if (result.success) return { ok: true, record: pruned(result.data) };
  return { ok: false, outcome: toOutcome(describeIssues(result.error.issues, input)) };
}
