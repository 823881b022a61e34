import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { checkNhsNumber } from '../nhs-number.js';
import { makeIssue } from '../outcome/issue.js';
import { codeSystem, valueSet } from '../terminology/code-systems.js';
import { displayOf } from '../terminology/lookup.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import { codingsOf, itemsOf, stringOf, type JsonObject } from '../validate/json-read.js';
import { at, trimmedText } from './stu3-json.js';
import type { PatientMention } from './stu3-patient-reference.js';
import { REMOVE_RECORD_PARAMETER_NAMES } from './stu3-recognise.js';

/** A request to remove a patient's whole reasonable-adjustment record (STU3 `$removerarecord`). */
export interface Stu3Removal {
  readonly nhsNumber: string;
  readonly reason: { readonly system: string; readonly code: string };
  readonly comment: string;
}

export interface RemoveRecordReading {
  /** Present only when all three parts are present and usable. */
  readonly removal: Stu3Removal | undefined;
  readonly patient: PatientMention | undefined;
  readonly issues: OperationOutcomeIssue[];
}

const OPERATION = 'https://fhir.nhs.uk/STU3/OperationDefinition/RARecord-RemoveRARecord-Operation-1';
const OPERATION_NAME = 'RARecord-RemoveRARecord-Operation-1';

/**
 * The retired v1 system is what the API's own examples send (domain.md §7 item 17); the four
 * object-specific systems that replaced it share its five codes.
 */
const REMOVAL_REASON_SYSTEMS: ReadonlySet<string> = new Set([
  codeSystem.stu3RemovalReason,
  codeSystem.stu3RemovalReasonEntireRecord,
  codeSystem.stu3RemovalReasonIndividualAdjustment,
  codeSystem.stu3RemovalReasonIndividualImpairment,
  codeSystem.stu3RemovalReasonUnderlyingCondition,
]);

const PARAMETERS_KEYS: ReadonlySet<string> = new Set(['resourceType', 'id', 'meta', 'parameter']);
const PARAMETER_KEYS: ReadonlySet<string> = new Set(['name', 'part']);
const PART_NAMES = ['nhsNumber', 'removalReason', 'supportingComment'] as const;
type PartName = (typeof PART_NAMES)[number];
const PART_VALUE: Readonly<Record<PartName, string>> = {
  nhsNumber: 'valueString',
  removalReason: 'valueCodeableConcept',
  supportingComment: 'valueString',
};
const PART_TYPE: Readonly<Record<PartName, string>> = {
  nhsNumber: 'string',
  removalReason: 'CodeableConcept',
  supportingComment: 'string',
};

const isPartName = (name: string | undefined): name is PartName =>
  name !== undefined && (PART_NAMES as readonly string[]).includes(name);

const missing = (element: string, issues: OperationOutcomeIssue[], path: string): void => {
  issues.push(
    makeIssue('profile.element-missing', path, { element, profileName: OPERATION_NAME }, { profile: OPERATION }),
  );
};

/**
 * Reads the `$removerarecord` Parameters: one `removeRARecord` (or `removerarecord`) parameter
 * with the parts nhsNumber, removalReason and supportingComment, each 1..1.
 */
export function readStu3RemoveRecord(parameters: JsonObject, path = 'Parameters'): RemoveRecordReading {
  const issues: OperationOutcomeIssue[] = [];
  reportUnread(parameters, path, PARAMETERS_KEYS, issues);
  let operation: { value: JsonObject; path: string } | undefined;
  for (const { value, index } of itemsOf(parameters.parameter)) {
    const parameterPath = at(path, 'parameter', index);
    const name = stringOf(value.name);
    if (operation === undefined && name !== undefined && REMOVE_RECORD_PARAMETER_NAMES.has(name)) {
      operation = { value, path: parameterPath };
    } else {
      issues.push(notCarried(parameterPath, 'a parameter that $removerarecord does not define (or a repeat of it)'));
    }
  }
  if (operation === undefined) {
    missing('removeRARecord', issues, `${path}.parameter.where(name='removeRARecord')`);
    return { removal: undefined, patient: undefined, issues };
  }
  const { value: operationValue, path: operationPath } = operation;
  reportUnread(operationValue, operationPath, PARAMETER_KEYS, issues);

  const parts = new Map<PartName, { value: unknown; path: string }>();
  for (const { value, index } of itemsOf(operationValue.part)) {
    const partPath = at(operationPath, 'part', index);
    const name = stringOf(value.name);
    if (!isPartName(name) || parts.has(name)) {
      issues.push(notCarried(partPath, 'a part that removeRARecord does not define (or a repeat of it)'));
      continue;
    }
    const valueKey = PART_VALUE[name];
    reportUnread(value, partPath, new Set(['name', valueKey]), issues);
    parts.set(name, { value: value[valueKey], path: `${partPath}.value.ofType(${PART_TYPE[name]})` });
  }
  const partPath = (name: PartName): string => `${operationPath}.part.where(name='${name}')`;

  const patient = readNhsNumber(parts.get('nhsNumber'), partPath('nhsNumber'), issues);
  const reason = readReason(parts.get('removalReason'), partPath('removalReason'), issues);
  const comment = trimmedText(parts.get('supportingComment')?.value);
  if (comment === undefined) missing('supportingComment', issues, partPath('supportingComment'));

  const removal =
    patient && reason && comment !== undefined ? { nhsNumber: patient.nhsNumber, reason, comment } : undefined;
  return { removal, patient, issues };
}

function readNhsNumber(
  part: { value: unknown; path: string } | undefined,
  missingPath: string,
  issues: OperationOutcomeIssue[],
): PatientMention | undefined {
  const nhsNumber = stringOf(part?.value);
  if (part === undefined || nhsNumber === undefined) {
    issues.push(makeIssue('mapping.no-patient', missingPath));
    return undefined;
  }
  const check = checkNhsNumber(nhsNumber);
  if (check !== 'ok') {
    issues.push(makeIssue(check === 'format' ? 'business.nhs-number-format' : 'business.nhs-number-check-digit', part.path));
    return undefined;
  }
  return { nhsNumber, expression: part.path };
}

function readReason(
  part: { value: unknown; path: string } | undefined,
  missingPath: string,
  issues: OperationOutcomeIssue[],
): Stu3Removal['reason'] | undefined {
  if (part === undefined) {
    missing('removalReason', issues, missingPath);
    return undefined;
  }
  const codings = codingsOf(part.value, part.path);
  const coding = codings[0];
  if (coding === undefined) {
    missing('removalReason.coding', issues, `${part.path}.coding`);
    return undefined;
  }
  codings.slice(1).forEach((extra) => issues.push(notCarried(extra.path, 'a second removal-reason coding')));
  const { system, code } = coding;
  if (system === undefined || code === undefined || !REMOVAL_REASON_SYSTEMS.has(system) || !displayOf(system, code)) {
    issues.push(
      makeIssue('profile.code-not-in-valueset', coding.path, { valueSet: valueSet.stu3RemovalReason }),
    );
    return undefined;
  }
  return { system, code };
}
