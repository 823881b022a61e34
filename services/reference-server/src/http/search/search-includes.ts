import { findSearchParameter, searchParametersOf } from '../../search/search-parameters.js';

/**
 * `_include` values a type answers: one per reference parameter in the search-parameter table
 * (`Flag:detail`, `Flag:patient`, …), so the CapabilityStatement and the parser agree.
 */
export function includesOf(resourceType: string): string[] {
  return searchParametersOf(resourceType)
    .filter((parameter) => parameter.type === 'reference')
    .map((parameter) => `${resourceType}:${parameter.name}`);
}

/** The reference parameter an `_include` value names, if the type supports it. */
export function includeParameter(resourceType: string, value: string): string | undefined {
  const [type, name, extra] = value.split(':');
  if (type !== resourceType || name === undefined || extra !== undefined) return undefined;
  return findSearchParameter(resourceType, name)?.type === 'reference' ? name : undefined;
}
