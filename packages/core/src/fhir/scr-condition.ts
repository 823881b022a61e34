import type { Condition, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import { SNOMED } from '../canonical.js';
import { compact } from '../model/compact.js';
import { significantMedicalHistorySchema, type SignificantMedicalHistory } from '../model/scr-information.js';
import { coding, readCodings } from './codings.js';
import { activeClinicalStatus } from './condition-flag.js';
import { reportUnmapped } from './elements.js';
import { checkedItem } from './item-check.js';
import { objectsIn, stringAt, type JsonObject } from './json.js';
import { provenanceFor, readProvenance } from './provenance.js';
import { unreadable } from './ra-codes.js';
import { scrConcept } from './scr-codes.js';

/** Significant medical history as a Condition in the SCR category (not an England-Condition-Flag). */
export function significantHistoryToCondition(item: SignificantMedicalHistory, patientRef: Reference): Condition {
  return compact<Condition>({
    resourceType: 'Condition',
    id: item.id,
    contained: [provenanceFor(item.recorded)],
    clinicalStatus: activeClinicalStatus(),
    category: [scrConcept('significant-medical-history')],
    code: { coding: [coding(SNOMED, item.code, item.display)] },
    subject: patientRef,
    onsetDateTime: item.onset,
    note: item.note === undefined ? undefined : [{ text: item.note }],
  });
}

const KNOWN = ['contained', 'clinicalStatus', 'category', 'code', 'subject', 'onsetDateTime', 'note'];

export function readSignificantHistory(condition: JsonObject, at: string, issues: OperationOutcomeIssue[]): SignificantMedicalHistory | undefined {
  reportUnmapped(condition, at, KNOWN, issues);
  const snomed = readCodings(condition['code'], `${at}.code`, issues).find((c) => c.system === SNOMED);
  if (snomed === undefined) return unreadable(issues, `${at}.code.coding`, 'code.coding (SNOMED CT)', 'Condition');
  const recorded = readProvenance(condition, at, issues);
  if (recorded === undefined) return undefined;
  const [note] = objectsIn(condition['note']);
  const item = {
    code: snomed.code,
    display: snomed.display,
    onset: stringAt(condition['onsetDateTime']),
    note: note === undefined ? undefined : stringAt(note[0]['text']),
    recorded,
    id: condition['id'],
  };
  return checkedItem(significantMedicalHistorySchema, item, 'significantMedicalHistory', at, issues);
}
