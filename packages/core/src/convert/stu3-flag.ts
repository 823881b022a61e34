import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import { stu3Extension } from '../canonical.js';
import type { adjustmentSchema } from '../model/adjustment.js';
import { adjustmentCategoryFrom, type AdjustmentCategorySlug } from '../terminology/generations.js';
import { codingsOf, type JsonObject } from '../validate/json-read.js';
import { readAdjustmentCode } from './stu3-adjustment-code.js';
import { checkNrafCategory } from './stu3-category.js';
import { annotationText, extensionsOf, extensionValue, type ExtensionAt } from './stu3-extension.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import { nested, type ReadOptions, type Stu3Item } from './stu3-item.js';
import { patientFromReference, type PatientMention } from './stu3-patient-reference.js';
import { containedOf, recordedFrom } from './stu3-recorded.js';

export type AdjustmentInput = z.input<typeof adjustmentSchema>;

export interface FlagReading {
  readonly patient: PatientMention | undefined;
  /** Undefined when the Flag is not a current, usable adjustment (the issues say why). */
  readonly adjustment: Stu3Item<AdjustmentInput> | undefined;
  readonly issues: OperationOutcomeIssue[];
}

/**
 * `id` and `meta` are the old server's bookkeeping (the R4 server assigns its own); `category` is
 * the NRAF flag type, which every R4 adjustment carries anyway.
 */
const FLAG_KEYS: ReadonlySet<string> = new Set([
  'resourceType', 'id', 'meta', 'contained', 'extension', 'status', 'category', 'code', 'subject',
]);

const CATEGORY_EXTENSION_MISSING = `extension.where(url='${stu3Extension.adjustmentCategory}')`;

/**
 * Reads a STU3 RARecord-Flag-1 (one adjustment). Only an active Flag is carried: an inactive one
 * was removed in STU3 (a soft delete with a RemovalReason), and the R4 record holds current
 * adjustments only, as the national R4 service deletes removed ones.
 */
export function readStu3Flag(flag: JsonObject, path: string, options: ReadOptions = {}): FlagReading {
  const issues: OperationOutcomeIssue[] = [];
  const modified = reportUnread(flag, path, FLAG_KEYS, issues);
  const patient = patientFromReference(flag.subject, `${path}.subject`, issues);
  const current = readStatus(flag.status, `${path}.status`, issues);
  // STU3 Flag.category is one CodeableConcept (R4 makes it a list).
  checkNrafCategory(flag.category, `${path}.category`, issues);

  let categoryExtension: ExtensionAt | undefined;
  let notes: { text: string; source: string } | undefined;
  for (const ext of extensionsOf(flag, path)) {
    if (ext.url === stu3Extension.adjustmentCategory && categoryExtension === undefined) {
      categoryExtension = ext;
    } else if (ext.url === stu3Extension.adjustmentNotes && notes === undefined) {
      const value = extensionValue(ext, 'Annotation', issues);
      const text = annotationText(value.value, value.path, issues);
      if (text === undefined) issues.push(notCarried(ext.path, 'adjustment notes without text'));
      else notes = { text, source: `${value.path}.text` };
    } else if (ext.url === stu3Extension.removalReason) {
      // On an inactive Flag the removal is reported once, with the status; on an active one it is stray.
      if (current) issues.push(notCarried(ext.path, 'a removal reason on an active adjustment'));
    } else if (ext.url === stu3Extension.provenance) {
      issues.push(notCarried(ext.path, 'the retired Extension-RARecord-Provenance-1 (the contained Provenance is read instead)'));
    } else {
      issues.push(notCarried(ext.path, 'an extension the R4 adjustment has no place for (or a repeat of one)'));
    }
  }

  const { provenances, others } = containedOf(flag, path);
  others.forEach((other) => issues.push(notCarried(other.path, 'a contained resource other than the Provenance')));
  if (!current || modified) return { patient, adjustment: undefined, issues };

  const category = readCategory(categoryExtension, path, issues);
  if (category === undefined) return { patient, adjustment: undefined, issues };
  const code = readAdjustmentCode(flag.code, `${path}.code`, category.slug, issues);
  const recorded = recordedFrom(provenances, 'the adjustment', `${path}.contained`, options, issues);
  if (code.kind === 'unusable' || recorded.recorded === undefined) return { patient, adjustment: undefined, issues };

  const sources = new Map<string, string>([
    ['', path],
    ['category', category.source],
    [code.kind === 'coded' ? 'code' : 'description', code.source],
    ...nested('recorded', recorded.sources),
  ]);
  if (notes) sources.set('notes', notes.source);
  const base = { recorded: recorded.recorded, ...(notes ? { notes: notes.text } : {}) };
  const value: AdjustmentInput =
    code.kind === 'coded'
      ? { category: category.slug, code: code.code, ...base }
      : { category: category.slug, description: code.description, ...base };
  return { patient, adjustment: { value, expression: path, sources }, issues };
}

function readStatus(status: unknown, path: string, issues: OperationOutcomeIssue[]): boolean {
  if (status === 'active') return true;
  if (status === 'inactive') {
    issues.push(notCarried(path, 'an inactive (removed) adjustment and its removal reason: the R4 record holds current adjustments only'));
  } else if (status === 'entered-in-error') {
    issues.push(notCarried(path, 'an adjustment entered in error'));
  } else {
    issues.push(notCarried(path, 'the adjustment, because its status is missing or not a Flag status', 'error'));
  }
  return false;
}

function readCategory(
  ext: ExtensionAt | undefined,
  path: string,
  issues: OperationOutcomeIssue[],
): { slug: AdjustmentCategorySlug; source: string } | undefined {
  if (ext === undefined) {
    issues.push(notCarried(`${path}.${CATEGORY_EXTENSION_MISSING}`, 'the adjustment, because it has no adjustment category', 'error'));
    return undefined;
  }
  const value = extensionValue(ext, 'CodeableConcept', issues);
  const codings = codingsOf(value.value, value.path);
  const found = codings.find((c) => adjustmentCategoryFrom(c.system ?? '', c.code ?? '') !== undefined);
  const slug = found && adjustmentCategoryFrom(found.system ?? '', found.code ?? '');
  if (found === undefined || slug === undefined) {
    issues.push(
      notCarried(
        codings[0] ? `${codings[0].path}.code` : value.path,
        'the adjustment, because its category is not an RARecord-AdjustmentCategory-1 code (1–11 or 001–011)',
        'error',
      ),
    );
    return undefined;
  }
  codings.filter((c) => c !== found).forEach((c) => issues.push(notCarried(c.path, 'a further adjustment category coding')));
  return { slug, source: `${found.path}.code` };
}
