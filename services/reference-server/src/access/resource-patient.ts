import type { Resource } from 'fhir/r4.js';
import { isJsonObject } from '@raflag/core';

const PATIENT = 'Patient/';
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The id in `Patient/<id>` or `<base>/Patient/<id>`. Found from the last `Patient/` (an id holds no
 * slash): the one regular expression that did it backtracked through the whole URL on every call.
 */
function patientIdIn(reference: unknown): string | undefined {
  if (!isJsonObject(reference) || typeof reference['reference'] !== 'string') return undefined;
  const text = reference['reference'];
  const at = text.lastIndexOf(PATIENT);
  if (at < 0 || (at > 0 && text[at - 1] !== '/')) return undefined;
  const id = text.slice(at + PATIENT.length);
  return ID.test(id) ? id : undefined;
}

/**
 * Whose record a resource belongs to, as a Patient id: the subject of a Flag or Condition, the
 * patient of a Consent, the Patient itself, the patient entity of an AuditEvent. Undefined when
 * it names none: such a resource is about nobody's record and only unrestricted callers see it.
 */
export function patientIdOf(resource: Resource): string | undefined {
  const value = resource as unknown as Record<string, unknown>;
  switch (resource.resourceType) {
    case 'Patient':
      return resource.id;
    case 'Flag':
    case 'Condition':
      return patientIdIn(value['subject']);
    case 'Consent':
      return patientIdIn(value['patient']);
    case 'AuditEvent': {
      for (const entity of Array.isArray(value['entity']) ? value['entity'] : []) {
        const id = isJsonObject(entity) ? patientIdIn(entity['what']) : undefined;
        if (id !== undefined) return id;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
