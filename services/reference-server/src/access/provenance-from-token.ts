import type { Resource } from 'fhir/r4.js';
import { isJsonObject, ODS_ORGANISATION_BASE, SDS_PRACTITIONER_BASE } from '@raflag/core';
import type { ClientPrincipal } from '../auth/principal.js';

const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/**
 * The resource with every contained Provenance's agent rewritten from the caller's access token:
 * the organisation the client is registered for, and the end user it named (or "unknown" when it
 * named none). A system cannot record on another organisation's behalf by writing its name in
 * the body; the role coding the body gave is kept.
 */
export function withProvenanceFromToken<T extends Resource>(resource: T, principal: ClientPrincipal): T {
  const value = resource as unknown as Record<string, unknown>;
  const contained = value['contained'];
  if (!Array.isArray(contained)) return resource;
  const onBehalfOf = { reference: `${ODS_ORGANISATION_BASE}/${principal.organisation.odsCode}`, display: principal.organisation.name };
  const user = principal.user;
  const who =
    user === undefined
      ? { extension: [{ url: DATA_ABSENT_REASON, valueCode: 'unknown' }] }
      : { reference: `${SDS_PRACTITIONER_BASE}/${user.id}`, ...(user.name === undefined ? {} : { display: user.name }) };
  const rewritten = contained.map((item: unknown) => {
    if (!isJsonObject(item) || item['resourceType'] !== 'Provenance') return item;
    const agents = Array.isArray(item['agent']) && item['agent'].length > 0 ? item['agent'] : [{}];
    const [first] = agents;
    const role = isJsonObject(first) ? first['role'] : undefined;
    return { ...item, agent: [{ ...(role === undefined ? {} : { role }), who, onBehalfOf }] };
  });
  return { ...resource, contained: rewritten };
}
