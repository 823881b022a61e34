import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import { SNOMED, SNOMED_HTTPS, stu3Extension } from '../canonical.js';
import type { impairmentSchema } from '../model/impairment.js';
import type { underlyingConditionSchema } from '../model/underlying-condition.js';
import { codeSystem } from '../terminology/code-systems.js';
import { impairmentFrom } from '../terminology/generations.js';
import { knownInvalidSnomedCodes, snomedConcept } from '../terminology/snomed-concepts.js';
import { codingsOf, isObject, itemsOf, type CodingAt, type JsonObject } from '../validate/json-read.js';
import { annotationText, extensionsOf } from './stu3-extension.js';
import { notCarried, reportUnread, snomedSystemOf } from './stu3-issues.js';
import { nested, type ReadOptions, type Stu3Item } from './stu3-item.js';
import { at, trimmedText } from './stu3-json.js';
import { patientFromReference, type PatientMention } from './stu3-patient-reference.js';
import { containedOf, recordedFrom, type ContainedProvenance } from './stu3-recorded.js';

export type ImpairmentInput = z.input<typeof impairmentSchema>;
export type UnderlyingConditionInput = z.input<typeof underlyingConditionSchema>;

export interface ConditionReading {
  readonly patient: PatientMention | undefined;
  readonly impairment: Stu3Item<ImpairmentInput> | undefined;
  readonly underlyingCondition: Stu3Item<UnderlyingConditionInput> | undefined;
  readonly issues: OperationOutcomeIssue[];
}

/** `category` is fixed to CareConnect `issue` in STU3 and implied by the R4 record. */
const CONDITION_KEYS: ReadonlySet<string> = new Set([
  'resourceType', 'id', 'meta', 'contained', 'extension', 'clinicalStatus', 'category', 'code', 'subject', 'note',
]);
/** STU3 clinicalStatus codes that mean the person still has the condition. */
const CURRENT_STATUSES: ReadonlySet<unknown> = new Set([undefined, 'active', 'recurrence']);

const isSnomed = (c: CodingAt) => c.system === SNOMED || c.system === SNOMED_HTTPS;

/**
 * Reads a STU3 CareConnect-RARecord-Condition-1: an impairment (RARecord-ConditionCode-1 `1`…`10`,
 * `12`) or an underlying condition (SNOMED CT). `listProvenances` are the Provenances the parent
 * List holds for it; a stand-alone Condition has its own contained one.
 */
export function readStu3Condition(
  condition: JsonObject,
  path: string,
  options: ReadOptions = {},
  listProvenances: readonly ContainedProvenance[] = [],
): ConditionReading {
  const issues: OperationOutcomeIssue[] = [];
  const none = (patient: PatientMention | undefined): ConditionReading => ({
    patient,
    impairment: undefined,
    underlyingCondition: undefined,
    issues,
  });
  const modified = reportUnread(condition, path, CONDITION_KEYS, issues);
  const patient = patientFromReference(condition.subject, `${path}.subject`, issues);
  const current = CURRENT_STATUSES.has(condition.clinicalStatus);
  if (!current) {
    issues.push(notCarried(`${path}.clinicalStatus`, 'a condition that is no longer current, with any removal reason: the R4 record holds current conditions only'));
  }
  for (const ext of extensionsOf(condition, path)) {
    if (ext.url === stu3Extension.removalReason) {
      if (current) issues.push(notCarried(ext.path, 'a removal reason on an active condition'));
    } else if (ext.url === stu3Extension.provenance) {
      issues.push(notCarried(ext.path, 'the retired Extension-RARecord-Provenance-1 (the Provenance it names is read instead)'));
    } else {
      issues.push(notCarried(ext.path, 'an extension the R4 condition has no place for'));
    }
  }
  const { provenances, others } = containedOf(condition, path);
  others.forEach((other) => issues.push(notCarried(other.path, 'a contained resource other than the Provenance')));
  if (!current || modified) return none(patient);

  const code = readConditionCode(condition.code, `${path}.code`, issues);
  if (code.kind === 'none') return none(patient);
  const notes = itemsOf(condition.note);
  notes.slice(1).forEach(({ index }) => issues.push(notCarried(at(path, 'note', index), 'a further note (the R4 condition has one text)')));
  const firstNote = notes[0];
  const notePath = firstNote ? at(path, 'note', firstNote.index) : undefined;
  const noteText = firstNote && notePath ? annotationText(firstNote.value, notePath, issues) : undefined;

  const item = code.kind === 'impairment' ? 'the impairment' : 'the underlying condition';
  const recorded = recordedFrom([...listProvenances, ...provenances], item, `${path}.contained`, options, issues);
  if (recorded.recorded === undefined) return none(patient);
  const sources = new Map<string, string>([['', path], ['code', code.source], ...nested('recorded', recorded.sources)]);

  if (code.kind === 'impairment') {
    // The R4 impairment has one free text: code.text when given, else the note.
    const text = code.text ?? (noteText === undefined ? undefined : { text: noteText, source: `${notePath}.text` });
    if (code.text && noteText !== undefined && notePath) issues.push(notCarried(notePath, 'the note, because code.text is carried as the impairment text'));
    if (text) sources.set('text', text.source);
    const value: ImpairmentInput = { code: code.slug, ...(text ? { text: text.text } : {}), recorded: recorded.recorded };
    return { patient, impairment: { value, expression: path, sources }, underlyingCondition: undefined, issues };
  }
  if (notePath && noteText !== undefined) issues.push(notCarried(notePath, 'a note on an underlying condition (the R4 record keeps its code and display only)'));
  if (code.display) sources.set('display', code.display.source);
  const value: UnderlyingConditionInput = {
    code: code.code,
    ...(code.display ? { display: code.display.text } : {}),
    recorded: recorded.recorded,
  };
  return { patient, impairment: undefined, underlyingCondition: { value, expression: path, sources }, issues };
}

type ConditionCode =
  | { kind: 'impairment'; slug: ImpairmentInput['code']; source: string; text: { text: string; source: string } | undefined }
  | { kind: 'underlying'; code: string; source: string; display: { text: string; source: string } | undefined }
  | { kind: 'none' };

function readConditionCode(code: unknown, path: string, issues: OperationOutcomeIssue[]): ConditionCode {
  if (!isObject(code)) {
    issues.push(notCarried(path, 'the condition, because it has no code', 'error'));
    return { kind: 'none' };
  }
  reportUnread(code, path, new Set(['coding', 'text']), issues);
  const codings = codingsOf(code, path);
  const impairment = codings.find((c) => c.system === codeSystem.stu3ConditionCode);
  const snomed = codings.find(isSnomed);
  const text = trimmedText(code.text);
  const chosen = impairment ?? snomed;
  for (const coding of codings) {
    if (coding !== chosen) issues.push(notCarried(coding.path, 'a further coding of the condition'));
  }
  if (impairment) {
    const slug = impairmentFrom(impairment.system ?? '', impairment.code ?? '');
    if (slug === undefined) {
      issues.push(
        notCarried(
          `${impairment.path}.code`,
          'the impairment, because its code is not an RARecord-ConditionCode-1 code (1–10, 12); legacy codes and SNOMED CT ids under that system have no R4 equivalent',
          'error',
        ),
      );
      return { kind: 'none' };
    }
    return { kind: 'impairment', slug, source: `${impairment.path}.code`, text: text === undefined ? undefined : { text, source: `${path}.text` } };
  }
  if (snomed?.code === undefined) {
    issues.push(notCarried(path, 'the condition, because its code is neither an impairment code nor SNOMED CT', 'error'));
    return { kind: 'none' };
  }
  if (snomed.code === snomedConcept.equalityActThreshold) {
    issues.push(notCarried(`${snomed.path}.code`, 'the Equality Act threshold condition (1326341000000105): the R4 record has no place for it'));
    return { kind: 'none' };
  }
  const meant = knownInvalidSnomedCodes.get(snomed.code);
  if (meant !== undefined) {
    issues.push(notCarried(`${snomed.path}.code`, `the condition, because its code is not a valid SNOMED CT identifier (the national examples that carry it meant ${meant})`, 'error'));
    return { kind: 'none' };
  }
  snomedSystemOf(snomed, issues);
  if (text !== undefined) issues.push(notCarried(`${path}.text`, 'code.text of an underlying condition (the R4 record keeps the SNOMED CT display)'));
  const display = trimmedText(snomed.display);
  return {
    kind: 'underlying',
    code: snomed.code,
    source: `${snomed.path}.code`,
    display: display === undefined ? undefined : { text: display, source: `${snomed.path}.display` },
  };
}
