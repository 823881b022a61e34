import type { AuditEvent, Reference } from 'fhir/r4.js';
import { codes } from './audit-codes.js';

/** One value a reference search parameter matches: a literal reference, or an identifier (`system|value`). */
export type AuditIndexValue =
  | { readonly kind: 'reference'; readonly reference: string }
  | { readonly kind: 'identifier'; readonly system: string | undefined; readonly value: string };

/** What the store indexes for `GET /AuditEvent?patient=&agent=&date=&entity=`. */
export interface AuditSearchValues {
  /** The patient entity's `Patient/<id>` and NHS number. */
  readonly patient: readonly AuditIndexValue[];
  /** Every agent's `who`: client id, user id, organisation ODS code, server. */
  readonly agent: readonly AuditIndexValue[];
  /** `recorded`, as written (an instant). */
  readonly date: string;
  /** Every entity's `what`, the patient included, as FHIR's `entity` parameter does. */
  readonly entity: readonly AuditIndexValue[];
}

export function auditSearchValues(event: AuditEvent): AuditSearchValues {
  const patient = (event.entity ?? [])
    .filter((entity) => entity.type?.system === codes.person.system && entity.type?.code === codes.person.code)
    .flatMap((entity) => referenceValues(entity.what));
  return {
    patient: unique(patient),
    agent: unique((event.agent ?? []).flatMap((agent) => referenceValues(agent.who))),
    date: event.recorded,
    entity: unique((event.entity ?? []).flatMap((entity) => referenceValues(entity.what))),
  };
}

function referenceValues(reference: Reference | undefined): AuditIndexValue[] {
  if (reference === undefined) return [];
  const values: AuditIndexValue[] = [];
  if (reference.reference !== undefined) values.push({ kind: 'reference', reference: reference.reference });
  const value = reference.identifier?.value;
  if (value !== undefined) values.push({ kind: 'identifier', system: reference.identifier?.system, value });
  return values;
}

function unique(values: readonly AuditIndexValue[]): AuditIndexValue[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.kind === 'reference' ? `r ${value.reference}` : `i ${value.system ?? ''}|${value.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
