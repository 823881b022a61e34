import type { FhirResource } from 'fhir/r4.js';

/** Every R4 resource type name. */
export type ResourceType = FhirResource['resourceType'];

/** The R4 interface for a type name: `ResourceOf<'Flag'>` is `Flag`. */
export type ResourceOf<K extends ResourceType> = Extract<FhirResource, { resourceType: K }>;

export function isResourceOf<K extends ResourceType>(value: unknown, type: K): value is ResourceOf<K> {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
}
