/**
 * R4 invariants of the datatypes and of the resources a reasonable-adjustment exchange carries,
 * written by hand as small pure functions (the FHIRPath is in the StructureDefinitions; the human
 * text comes from `invariants.generated.ts`). Each runs after the generic checks of its type and
 * guards against values that already failed them, so a defect is reported once.
 *
 * Where an R4 expression is known to be broken (ppc-2..5 compare scope against system 'something';
 * con-3 compares a CodeableConcept with a string), the rule is implemented as its human text says.
 */
import { makeIssue } from '../../outcome/issue.js';
import { INVARIANTS } from './invariants.generated.js';
import { isValidPrimitive } from './primitive-formats.js';
import { isObject, pathOf, type TypeHook, type WalkContext } from './walk-context.js';

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

/**
 * Pushes a `base.invariant` issue with the constraint's own human text and severity, at the path
 * of the object being checked plus `tail`.
 */
export function invariantIssue(ctx: WalkContext, key: string, tail = ''): void {
  const found = INVARIANTS[key];
  const [severity, human] = found ?? ['error', key];
  ctx.issues.push(makeIssue('base.invariant', pathOf(ctx, tail), { key, human }, severity === 'warning' ? { severity } : {}));
}

/** FHIRPath exists() for a primitive: a value or an extension (`_x`). */
const hasPrimitive = (obj: Record<string, unknown>, key: string): boolean =>
  obj[key] !== undefined || obj[`_${key}`] !== undefined;

const has = (obj: Record<string, unknown>, key: string): boolean => obj[key] !== undefined;

/** Whether any key of a choice element (`abatementDateTime`, `_abatementString`, ...) is present. */
function hasChoice(obj: Record<string, unknown>, name: string): boolean {
  const ext = `_${name}`;
  for (const key in obj) {
    if (key.startsWith(name) || key.startsWith(ext)) return true;
  }
  return false;
}

/** Whether a CodeableConcept has a coding with this system and one of these codes. */
function hasCoding(concept: unknown, system: string, codes: readonly string[]): boolean {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return false;
  for (const coding of concept.coding) {
    if (isObject(coding) && coding.system === system && typeof coding.code === 'string' && codes.includes(coding.code)) {
      return true;
    }
  }
  return false;
}

function anyCoding(concepts: unknown, system: string, codes: readonly string[]): boolean {
  if (!Array.isArray(concepts)) return hasCoding(concepts, system, codes);
  for (const concept of concepts) if (hasCoding(concept, system, codes)) return true;
  return false;
}

const precisionOf = (s: string): number => (s.length > 10 ? 19 : s.length);

/**
 * Compares two valid dateTimes as FHIRPath does: undefined when they are equal up to the
 * precision they share but one is more precise (the comparison is then empty, so per-1 holds).
 */
export function compareDateTimes(a: string, b: string): number | undefined {
  if (a.length > 10 && b.length > 10) return Date.parse(a) - Date.parse(b);
  const precision = Math.min(precisionOf(a), precisionOf(b), 10);
  const left = a.slice(0, precision);
  const right = b.slice(0, precision);
  if (left !== right) return left < right ? -1 : 1;
  return precisionOf(a) === precisionOf(b) ? 0 : undefined;
}

const period: TypeHook = (obj, ctx) => {
  const { start, end } = obj;
  if (!isValidPrimitive('dateTime', start) || !isValidPrimitive('dateTime', end)) return;
  const order = compareDateTimes(start as string, end as string);
  if (order !== undefined && order > 0) invariantIssue(ctx, 'per-1');
};

const quantity: TypeHook = (obj, ctx) => {
  if (hasPrimitive(obj, 'code') && !hasPrimitive(obj, 'system')) invariantIssue(ctx, 'qty-3', '.system');
};

const attachment: TypeHook = (obj, ctx) => {
  if (hasPrimitive(obj, 'data') && !hasPrimitive(obj, 'contentType')) invariantIssue(ctx, 'att-1', '.contentType');
};

const contactPoint: TypeHook = (obj, ctx) => {
  if (hasPrimitive(obj, 'value') && !hasPrimitive(obj, 'system')) invariantIssue(ctx, 'cpt-2', '.system');
};

const patientContact: TypeHook = (obj, ctx) => {
  if (!has(obj, 'name') && !has(obj, 'telecom') && !has(obj, 'address') && !has(obj, 'organization')) {
    invariantIssue(ctx, 'pat-1');
  }
};

const parametersParameter: TypeHook = (obj, ctx) => {
  const part = has(obj, 'part');
  const value = hasChoice(obj, 'value');
  const resource = has(obj, 'resource');
  const ok = part ? !value && !resource : value !== resource;
  if (!ok) invariantIssue(ctx, 'inv-1');
};

const conditionStage: TypeHook = (obj, ctx) => {
  if (!has(obj, 'summary') && !has(obj, 'assessment')) invariantIssue(ctx, 'con-1');
};

const conditionEvidence: TypeHook = (obj, ctx) => {
  if (!has(obj, 'code') && !has(obj, 'detail')) invariantIssue(ctx, 'con-2');
};

const auditEventEntity: TypeHook = (obj, ctx) => {
  if (hasPrimitive(obj, 'name') && hasPrimitive(obj, 'query')) invariantIssue(ctx, 'sev-1');
};

const condition: TypeHook = (obj, ctx) => {
  const clinical = obj.clinicalStatus;
  const enteredInError = hasCoding(obj.verificationStatus, CONDITION_VER_STATUS, ['entered-in-error']);
  if (clinical === undefined) {
    if (!enteredInError && anyCoding(obj.category, CONDITION_CATEGORY, ['problem-list-item'])) {
      invariantIssue(ctx, 'con-3', '.clinicalStatus');
    }
  } else if (enteredInError) {
    invariantIssue(ctx, 'con-5', '.clinicalStatus');
    return;
  }
  if (hasChoice(obj, 'abatement') && !hasCoding(clinical, CONDITION_CLINICAL, ['resolved', 'remission', 'inactive'])) {
    invariantIssue(ctx, 'con-4', '.clinicalStatus');
  }
};

const CONSENT_SCOPES_NEEDING_PATIENT: readonly [string, string][] = [
  ['ppc-2', 'patient-privacy'],
  ['ppc-3', 'research'],
  ['ppc-4', 'adr'],
  ['ppc-5', 'treatment'],
];

const consent: TypeHook = (obj, ctx) => {
  if (!has(obj, 'policy') && !has(obj, 'policyRule')) invariantIssue(ctx, 'ppc-1');
  if (has(obj, 'patient')) return;
  for (const [key, scope] of CONSENT_SCOPES_NEEDING_PATIENT) {
    if (hasCoding(obj.scope, CONSENT_SCOPE, [scope])) invariantIssue(ctx, key, '.patient');
  }
};

const list: TypeHook = (obj, ctx) => {
  const entries = obj.entry;
  if (has(obj, 'emptyReason') && Array.isArray(entries) && entries.length > 0) {
    invariantIssue(ctx, 'lst-1', '.emptyReason');
  }
  const mode = obj.mode;
  // Without a valid mode (reported on its own) lst-2 and lst-3 cannot be judged.
  if (!Array.isArray(entries) || (mode !== 'working' && mode !== 'snapshot' && mode !== 'changes')) return;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isObject(entry)) continue;
    if (mode !== 'changes' && hasPrimitive(entry, 'deleted')) invariantIssue(ctx, 'lst-2', `.entry[${i}].deleted`);
    if (mode !== 'working' && hasPrimitive(entry, 'date')) invariantIssue(ctx, 'lst-3', `.entry[${i}].date`);
  }
};

/** Invariant hooks by type name or backbone type id. */
export const INVARIANT_HOOKS: ReadonlyMap<string, TypeHook> = new Map<string, TypeHook>([
  ['Period', period],
  ['Quantity', quantity],
  ['SimpleQuantity', quantity],
  ['MoneyQuantity', quantity],
  ['Age', quantity],
  ['Count', quantity],
  ['Distance', quantity],
  ['Duration', quantity],
  ['Attachment', attachment],
  ['ContactPoint', contactPoint],
  ['Patient.contact', patientContact],
  ['Parameters.parameter', parametersParameter],
  ['Condition.stage', conditionStage],
  ['Condition.evidence', conditionEvidence],
  ['AuditEvent.entity', auditEventEntity],
  ['Condition', condition],
  ['Consent', consent],
  ['List', list],
]);
