import type { CapabilityStatement, CapabilityStatementRestResource, CapabilityStatementRestSecurity } from 'fhir/r4.js';
import { RAFLAG_BASE } from '@raflag/core';
import { searchParametersOf } from '../search/search-parameters.js';
import type { Interaction, RouteDef } from './route-def.js';
import { includesOf } from './search/search-includes.js';

type TypeInteraction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];

/** Route interactions that are FHIR type-level interactions, under their CapabilityStatement code. */
const TYPE_LEVEL: Partial<Record<Interaction, TypeInteraction>> = {
  read: 'read',
  vread: 'vread',
  update: 'update',
  delete: 'delete',
  'history-instance': 'history-instance',
  'history-type': 'history-type',
  create: 'create',
  'search-type': 'search-type',
};

const VALIDATE_OPERATION = { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' };
const PROVISION_REPORT_OPERATION = { name: 'provision-report', definition: `${RAFLAG_BASE}/OperationDefinition/provision-report` };

function resourceEntry(type: string, routes: readonly RouteDef[]): CapabilityStatementRestResource {
  const mine = routes.filter((route) => route.types.includes(type));
  const codes = new Set<TypeInteraction>();
  for (const route of mine) {
    const code = TYPE_LEVEL[route.interaction];
    if (code !== undefined) codes.add(code);
  }
  const has = (code: TypeInteraction) => codes.has(code);
  const includes = includesOf(type);
  return {
    type,
    interaction: [...codes].map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: has('vread'),
    updateCreate: has('update'),
    conditionalCreate: has('create'),
    conditionalRead: 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    ...(includes.length > 0 ? { searchInclude: includes } : {}),
    searchParam: searchParametersOf(type).map((parameter) => ({
      name: parameter.name,
      definition: parameter.definition,
      type: parameter.type === 'identifier' || parameter.type === 'id' ? 'token' : parameter.type,
      documentation: parameter.documentation,
    })),
    ...(mine.some((route) => route.interaction === 'validate') ? { operation: [VALIDATE_OPERATION] } : {}),
  };
}

/**
 * The CapabilityStatement, generated from the route table and the search-parameter table: a type,
 * interaction or parameter appears here exactly when a route or the table serves it.
 */
export function capabilityStatement(routes: readonly RouteDef[], baseUrl: string, date: string, security?: CapabilityStatementRestSecurity | undefined): CapabilityStatement {
  const types = [...new Set(routes.flatMap((route) => route.types))];
  const system = routes.filter((route) => route.types.length === 0);
  const systemOperations = [
    ...(system.some((route) => route.interaction === 'validate') ? [VALIDATE_OPERATION] : []),
    ...(system.some((route) => route.interaction === 'provision-report') ? [PROVISION_REPORT_OPERATION] : []),
  ];
  const systemInteractions = system.some((route) => route.interaction === 'transaction') ? [{ code: 'transaction' as const }, { code: 'batch' as const }] : [];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'raflag reference server' },
    implementation: { description: 'raflag reference FHIR server for reasonable-adjustment records', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          security === undefined
            ? 'This server was started with --insecure-no-auth: nobody is asked for a token and nothing is filtered by consent.'
            : 'SMART Backend Services: get an access token from the token endpoint with a signed client assertion; reads are filtered by the patient\'s consent.',
        ...(security === undefined ? {} : { security }),
        resource: types.map((type) => resourceEntry(type, routes)),
        ...(systemInteractions.length > 0 ? { interaction: systemInteractions } : {}),
        ...(systemOperations.length > 0 ? { operation: systemOperations } : {}),
      },
    ],
  };
}
