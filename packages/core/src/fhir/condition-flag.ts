import type { CodeableConcept, Condition, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import { CONDITION_CLINICAL_SYSTEM, gen3Profile, SNOMED } from '../canonical.js';
import { compact } from '../model/compact.js';
import { impairmentSchema, type Impairment } from '../model/impairment.js';
import type { Recorded } from '../model/recorded.js';
import { underlyingConditionSchema, type UnderlyingCondition } from '../model/underlying-condition.js';
import { makeIssue } from '../outcome/issue.js';
import { codeSystem, conditionCategoryFrom, impairmentFrom } from '../terminology/index.js';
import { coding, concept, firstMatch, readCategories, readCodings } from './codings.js';
import { reportUnmapped } from './elements.js';
import { checkedItem } from './item-check.js';
import { isObject, stringAt, type JsonObject } from './json.js';
import { provenanceFor, readProvenance } from './provenance.js';
import { raFlagTypeConcept, unreadable } from './ra-codes.js';

/** `active`, which every record item is; removed items are deleted, not kept inactive. */
export const activeClinicalStatus = (): CodeableConcept => concept(CONDITION_CLINICAL_SYSTEM, 'active', 'Active');

function conditionFlag(code: CodeableConcept, recorded: Recorded, id: string | undefined, patientRef: Reference): Condition {
  return compact<Condition>({
    resourceType: 'Condition',
    id,
    meta: { profile: [gen3Profile.condition] },
    contained: [provenanceFor(recorded)],
    clinicalStatus: activeClinicalStatus(),
    category: [raFlagTypeConcept(), concept(codeSystem.conditionCategoryRA, 'issue')],
    code,
    subject: patientRef,
  });
}

/** An impairment as an England-Condition-Flag (England-ConditionCodeRA; free text in code.text). */
export function impairmentToCondition(impairment: Impairment, patientRef: Reference): Condition {
  const code = compact<CodeableConcept>({ coding: [coding(codeSystem.conditionCodeRA, impairment.code)], text: impairment.text });
  return conditionFlag(code, impairment.recorded, impairment.id, patientRef);
}

/** An underlying condition as an England-Condition-Flag coded in SNOMED CT. */
export function underlyingConditionToCondition(condition: UnderlyingCondition, patientRef: Reference): Condition {
  return conditionFlag({ coding: [coding(SNOMED, condition.code, condition.display)] }, condition.recorded, condition.id, patientRef);
}

export type ConditionItem = { kind: 'impairment'; item: Impairment } | { kind: 'underlying-condition'; item: UnderlyingCondition };

const KNOWN = ['contained', 'clinicalStatus', 'category', 'code', 'subject'];

/** Reports a clinical status other than active; such a Condition is not part of the current record. */
function isActive(condition: JsonObject, at: string, issues: OperationOutcomeIssue[]): boolean {
  const status = readCodings(condition['clinicalStatus'], `${at}.clinicalStatus`, issues).find((c) => c.system === CONDITION_CLINICAL_SYSTEM);
  if (status === undefined || status.code === 'active') return true;
  issues.push(makeIssue('mapping.not-carried', status.at, { what: 'a Condition that is not active' }));
  return false;
}

/**
 * An impairment (England-ConditionCodeRA slug, or Gen 2 RA-ConditionCode 1–12) or an underlying
 * condition (SNOMED CT) from an England-Condition-Flag or Gen 2 FlagCondition.
 */
export function conditionToItem(condition: JsonObject, at: string, issues: OperationOutcomeIssue[]): ConditionItem | undefined {
  reportUnmapped(condition, at, KNOWN, issues);
  if (!isActive(condition, at, issues)) return undefined;
  for (const { index, codings } of readCategories(condition, at, issues)) {
    const category = firstMatch(codings, conditionCategoryFrom);
    if (category !== undefined && category.value !== 'issue') {
      issues.push(makeIssue('mapping.not-carried', `${at}.category[${index}]`, { what: 'a condition category other than issue' }));
    }
  }
  const codeAt = `${at}.code`;
  const codings = readCodings(condition['code'], codeAt, issues);
  const impairment = firstMatch(codings, impairmentFrom);
  const snomed = codings.find((c) => c.system === SNOMED);
  if (impairment === undefined && snomed === undefined) {
    if (codings[0] === undefined) return unreadable(issues, `${codeAt}.coding`, 'code.coding', 'Condition');
    issues.push(makeIssue('mapping.unrecognised-code', codings[0].at));
    return undefined;
  }
  const recorded = readProvenance(condition, at, issues);
  if (recorded === undefined) return undefined;
  const id = condition['id'];
  const text = isObject(condition['code']) ? stringAt(condition['code']['text']) : undefined;
  if (impairment !== undefined) {
    if (impairment.value === 'other' && text === undefined) {
      issues.push(makeIssue('profile.other-impairment-text', `${codeAt}.text`));
      return undefined;
    }
    const item = checkedItem(impairmentSchema, { code: impairment.value, text, recorded, id }, 'impairment', at, issues);
    return item && { kind: 'impairment', item };
  }
  if (text !== undefined) issues.push(makeIssue('mapping.not-carried', `${codeAt}.text`, { what: 'the text of an underlying condition' }));
  const display = snomed?.display;
  const item = checkedItem(underlyingConditionSchema, { code: snomed?.code, display, recorded, id }, 'underlyingCondition', at, issues);
  return item && { kind: 'underlying-condition', item };
}
