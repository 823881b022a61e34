import { NHS_NUMBER_SYSTEM } from '../canonical.js';
import { isObject, stringAt } from './json.js';
import type { LocatedResource } from './input-resources.js';

/** The NHS number of a logical reference (`{ identifier: { system: nhs-number, value } }`), if it is one. */
export function nhsNumberOf(reference: unknown): string | undefined {
  if (!isObject(reference) || !isObject(reference['identifier'])) return undefined;
  const identifier = reference['identifier'];
  return identifier['system'] === NHS_NUMBER_SYSTEM ? stringAt(identifier['value']) : undefined;
}

/** Who a detail resource is about: `subject` on Flag and Condition, `patient` on Consent. */
export function subjectOf(resource: LocatedResource): { reference: unknown; at: string } {
  const key = resource.type === 'Consent' ? 'patient' : 'subject';
  return { reference: resource.resource[key], at: `${resource.at}.${key}` };
}

/**
 * Whether a reference points at the record's Patient: by the entry's fullUrl, by `Patient/id`
 * (also at the end of an absolute URL) or by NHS number.
 */
export function refersTo(reference: unknown, patient: LocatedResource, nhsNumber: string | undefined): boolean {
  if (!isObject(reference)) return false;
  const byNumber = nhsNumberOf(reference);
  if (byNumber !== undefined) return byNumber === nhsNumber;
  const url = stringAt(reference['reference']);
  if (url === undefined) return false;
  return patient.names.some((name) => url === name || (name.startsWith('Patient/') && url.endsWith(`/${name}`)));
}
