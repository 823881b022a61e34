import type { ContactPoint, PractitionerRole, Reference, RelatedPerson } from 'fhir/r4.js';
import { ODS_ORGANISATION_SYSTEM } from '../canonical.js';
import { compact } from '../model/compact.js';
import type { CareCoordinator, ScrContact } from '../model/scr-information.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';

/** Ids of the contained resources the SCR Flags reference (`#coordinator`, `#contact`). */
export const COORDINATOR_ID = 'coordinator';
export const CONTACT_ID = 'contact';

function telecom(phone: string | undefined, email?: string): ContactPoint[] | undefined {
  const points: ContactPoint[] = [];
  if (phone !== undefined) points.push({ system: 'phone', value: phone });
  if (email !== undefined) points.push({ system: 'email', value: email });
  return points.length > 0 ? points : undefined;
}

function telecomValue(resource: JsonObject, system: 'phone' | 'email'): string | undefined {
  const point = objectsIn(resource['telecom']).find(([p]) => p['system'] === system);
  return point === undefined ? undefined : stringAt(point[0]['value']);
}

const firstText = (value: unknown): string | undefined => {
  const [first] = objectsIn(value);
  return first === undefined ? undefined : stringAt(first[0]['text']);
};

/** The care coordinator as a PractitionerRole: the person by name, their role, organisation and contact. */
export function coordinatorRole(coordinator: CareCoordinator): PractitionerRole {
  const org = coordinator.organisation;
  return compact<PractitionerRole>({
    resourceType: 'PractitionerRole',
    id: COORDINATOR_ID,
    practitioner: { display: coordinator.name },
    organization:
      org === undefined
        ? undefined
        : compact<Reference>({
            identifier: org.odsCode === undefined ? undefined : { system: ODS_ORGANISATION_SYSTEM, value: org.odsCode },
            display: org.name,
          }),
    code: coordinator.role === undefined ? undefined : [{ text: coordinator.role }],
    telecom: telecom(coordinator.phone, coordinator.email),
  });
}

export type CoordinatorParts = Omit<CareCoordinator, 'recorded' | 'id'>;

/** The coordinator's parts from a PractitionerRole; missing pieces stay undefined for the schema to judge. */
export function readCoordinatorRole(role: JsonObject): Partial<CoordinatorParts> {
  const practitioner = isObject(role['practitioner']) ? role['practitioner'] : {};
  const org = isObject(role['organization']) ? role['organization'] : undefined;
  const identifier = org !== undefined && isObject(org['identifier']) ? org['identifier'] : {};
  return {
    name: stringAt(practitioner['display']),
    role: firstText(role['code']),
    organisation:
      org === undefined
        ? undefined
        : compact({
            name: stringAt(org['display']) ?? '',
            odsCode: identifier['system'] === ODS_ORGANISATION_SYSTEM ? stringAt(identifier['value']) : undefined,
          }),
    phone: telecomValue(role, 'phone'),
    email: telecomValue(role, 'email'),
  };
}

/** A carer or attorney as a RelatedPerson of the patient. */
export function contactPerson(contact: ScrContact, patientRef: Reference): RelatedPerson {
  return compact<RelatedPerson>({
    resourceType: 'RelatedPerson',
    id: CONTACT_ID,
    patient: patientRef,
    relationship: contact.relationship === undefined ? undefined : [{ text: contact.relationship }],
    name: [{ text: contact.name }],
    telecom: telecom(contact.phone),
  });
}

export function readContactPerson(person: JsonObject): Partial<Omit<ScrContact, 'kind' | 'recorded' | 'id'>> {
  return { name: firstText(person['name']), relationship: firstText(person['relationship']), phone: telecomValue(person, 'phone') };
}
