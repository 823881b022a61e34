import type { AuditEvent, CodeableConcept, Coding, Reference, Resource } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION, RAFLAG_BASE, isJsonObject } from '@raflag/core';
import { auditSearchValues, type AuditIndexValue } from '../audit/audit-search-params.js';
import { URI_SYSTEM } from '../audit/audit-codes.js';

/**
 * Every search parameter the server answers, per resource type, as data. The HTTP layer parses
 * queries with it, the CapabilityStatement lists it, and the store derives its index rows from the
 * `extract` functions, so the three cannot disagree.
 */

/** A token index value. `system` is undefined when the element carries none (`|code` finds it). */
export interface TokenIndexValue {
  readonly system: string | undefined;
  readonly code: string;
}

/** A literal reference target, `Type/id`. */
export interface ReferenceIndexValue {
  readonly type: string;
  readonly id: string;
}

interface ParameterBase {
  /** The FHIR name used in the query string. */
  readonly name: string;
  /** Canonical URL of the SearchParameter definition, for the CapabilityStatement. */
  readonly definition: string;
  /** The element(s) the parameter indexes, as FHIRPath. */
  readonly expression: string;
  readonly documentation: string;
}

export interface TokenParameter extends ParameterBase {
  readonly type: 'token';
  readonly extract: (resource: Resource) => readonly TokenIndexValue[];
}

export interface ReferenceParameter extends ParameterBase {
  readonly type: 'reference';
  /** Resource types the reference may point at. */
  readonly targets: readonly string[];
  /**
   * True when `name:identifier=system|value` (and `name.identifier=`) is answered by following the
   * reference to the Patient and matching the Patient's identifiers (the NHS number lookup).
   */
  readonly patientIdentifierChain: boolean;
  readonly extract: (resource: Resource) => readonly ReferenceIndexValue[];
  /**
   * When set, `name:identifier=` is answered from identifiers the resource itself recorded beside
   * the reference (indexed as tokens under `identifierIndex`), not by following the reference to
   * the Patient. An AuditEvent keeps the NHS number it was written with, even for a Patient the
   * server never held or has since deleted, and that is what "who looked at my record" must find.
   */
  readonly identifierIndex?: { readonly name: string; readonly extract: (resource: Resource) => readonly TokenIndexValue[] } | undefined;
}

/**
 * A lookup of this resource by its patient's identifier: `Flag?identifier=<NHS number>` as the
 * national API uses it. Nothing is extracted from the resource itself: the store follows the
 * reference parameter named in `through` to the Patient and matches the Patient's `identifier`.
 */
export interface PatientIdentifierParameter extends ParameterBase {
  readonly type: 'identifier';
  readonly through: string;
}

/** `_id`: answered from the store's own id column. */
export interface IdParameter extends ParameterBase {
  readonly type: 'id';
}

/** `_lastUpdated`: answered from the store's own last-updated column. */
export interface DateParameter extends ParameterBase {
  readonly type: 'date';
}

export type SearchParameterDefinition = TokenParameter | ReferenceParameter | PatientIdentifierParameter | IdParameter | DateParameter;
export type SearchParameterType = SearchParameterDefinition['type'];

/** The patient's identifiers are indexed as this token parameter on Patient; chains end here. */
export const PATIENT_IDENTIFIER_PARAM = 'identifier';

const FLAG_STATUS_SYSTEM = 'http://hl7.org/fhir/flag-status';
const CONSENT_STATE_SYSTEM = 'http://hl7.org/fhir/consent-state-codes';
const R4_SP = 'http://hl7.org/fhir/SearchParameter';
const ENGLAND_SP = 'https://fhir.nhs.uk/England/SearchParameter';

function asArray(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function field(resource: Resource, name: string): unknown {
  return (resource as unknown as Record<string, unknown>)[name];
}

function codingTokens(value: unknown): TokenIndexValue[] {
  if (!isJsonObject(value)) return [];
  const coding = value as Coding;
  if (typeof coding.code !== 'string' || coding.code === '') return [];
  return [{ system: typeof coding.system === 'string' && coding.system !== '' ? coding.system : undefined, code: coding.code }];
}

function conceptTokens(value: unknown): TokenIndexValue[] {
  if (!isJsonObject(value)) return [];
  return asArray((value as CodeableConcept).coding).flatMap(codingTokens);
}

/** Tokens from a CodeableConcept (or array of them) held in `element`. */
function conceptsAt(element: string): (resource: Resource) => readonly TokenIndexValue[] {
  return (resource) => asArray(field(resource, element)).flatMap(conceptTokens);
}

/** A `code` element; its implied code system is indexed so that `system|code` matches too. */
function codeAt(element: string, system: string): (resource: Resource) => readonly TokenIndexValue[] {
  return (resource) => {
    const code = field(resource, element);
    return typeof code === 'string' && code !== '' ? [{ system, code }] : [];
  };
}

/** Identifier values, indexed as tokens with `value` in the code position. */
function identifierTokens(resource: Resource): readonly TokenIndexValue[] {
  return asArray(field(resource, 'identifier')).flatMap((identifier) => {
    if (!isJsonObject(identifier) || typeof identifier['value'] !== 'string' || identifier['value'] === '') return [];
    const system = identifier['system'];
    return [{ system: typeof system === 'string' && system !== '' ? system : undefined, code: identifier['value'] }];
  });
}

const LITERAL_REFERENCE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * The `Type/id` a Reference names. Relative (`Patient/1`), versioned and absolute
 * (`https://host/fhir/Patient/1`) forms are read; contained (`#x`), `urn:uuid:` and logical
 * (identifier-only) references have no stored target and index nothing.
 */
export function referenceTarget(value: unknown): ReferenceIndexValue | undefined {
  if (!isJsonObject(value)) return undefined;
  const reference = (value as Reference).reference;
  if (typeof reference !== 'string' || reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = LITERAL_REFERENCE.exec(reference.split('?')[0] ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { type: match[1], id: match[2] };
}

/** Targets of the Reference(s) in `element`, kept only when their type is one of `targets`. */
function referencesAt(element: string, targets: readonly string[]): (resource: Resource) => readonly ReferenceIndexValue[] {
  return (resource) =>
    asArray(field(resource, element)).flatMap((value) => {
      const target = referenceTarget(value);
      return target !== undefined && targets.includes(target.type) ? [target] : [];
    });
}

function flagDetailTargets(resource: Resource): readonly ReferenceIndexValue[] {
  return asArray(field(resource, 'extension')).flatMap((extension) => {
    if (!isJsonObject(extension) || extension['url'] !== FLAG_DETAIL_EXTENSION) return [];
    const target = referenceTarget(extension['valueReference']);
    return target === undefined ? [] : [target];
  });
}

function consentPurposes(resource: Resource): readonly TokenIndexValue[] {
  const provision = field(resource, 'provision');
  if (!isJsonObject(provision)) return [];
  return asArray(provision['purpose']).flatMap(codingTokens);
}

/** Each AuditEvent's values, worked out once however many parameters (four) ask for them. */
const auditValuesSeen = new WeakMap<Resource, ReturnType<typeof auditSearchValues>>();

/** Only AuditEvents: the table never hands another type to these extractors. */
function auditValues(resource: Resource): ReturnType<typeof auditSearchValues> | undefined {
  if (resource.resourceType !== 'AuditEvent') return undefined;
  let values = auditValuesSeen.get(resource);
  if (values === undefined) {
    values = auditSearchValues(resource as AuditEvent);
    auditValuesSeen.set(resource, values);
  }
  return values;
}

function auditReferences(values: readonly AuditIndexValue[], targets: readonly string[]): ReferenceIndexValue[] {
  return values.flatMap((value) => {
    if (value.kind !== 'reference') return [];
    const target = referenceTarget({ reference: value.reference });
    return target !== undefined && targets.includes(target.type) ? [target] : [];
  });
}

function auditIdentifiers(values: readonly AuditIndexValue[]): TokenIndexValue[] {
  return values.flatMap((value) =>
    value.kind === 'identifier' && value.value !== '' ? [{ system: value.system === undefined || value.system === '' ? undefined : value.system, code: value.value }] : [],
  );
}

/** What an AuditEvent's `entity.what` may name: the resource types the server holds. */
const AUDITED_TYPES = ['Patient', 'Flag', 'Condition', 'Consent', 'Provenance'];

const idParameter: IdParameter = {
  name: '_id',
  type: 'id',
  definition: `${R4_SP}/Resource-id`,
  expression: 'Resource.id',
  documentation: 'Logical id of the resource.',
};

const lastUpdatedParameter: DateParameter = {
  name: '_lastUpdated',
  type: 'date',
  definition: `${R4_SP}/Resource-lastUpdated`,
  expression: 'Resource.meta.lastUpdated',
  documentation: 'When the resource version last changed (prefixes eq, ne, lt, le, gt, ge).',
};

function patientReference(resourceType: string, element: string): ReferenceParameter {
  return {
    name: 'patient',
    type: 'reference',
    definition: `${R4_SP}/clinical-patient`,
    expression: `${resourceType}.${element}.where(resolve() is Patient)`,
    documentation: 'The patient the resource is about; `patient:identifier=system|value` looks the Patient up by identifier (NHS number).',
    targets: ['Patient'],
    patientIdentifierChain: true,
    extract: referencesAt(element, ['Patient']),
  };
}

export const searchParameters: Readonly<Record<string, readonly SearchParameterDefinition[]>> = {
  Flag: [
    patientReference('Flag', 'subject'),
    {
      name: 'identifier',
      type: 'identifier',
      through: 'patient',
      definition: `${RAFLAG_BASE}/SearchParameter/Flag-patient-identifier`,
      expression: 'Flag.subject.resolve().ofType(Patient).identifier',
      documentation: "The national API's lookup: flags whose subject Patient has this identifier (NHS number).",
    },
    {
      name: 'code',
      type: 'token',
      definition: `${ENGLAND_SP}/England-FlagCode`,
      expression: 'Flag.code',
      documentation: 'The flag code (`system|code`, `|code` or `code`).',
      extract: conceptsAt('code'),
    },
    {
      name: 'category',
      type: 'token',
      definition: `${ENGLAND_SP}/England-FlagCategory`,
      expression: 'Flag.category',
      documentation: 'The flag categories.',
      extract: conceptsAt('category'),
    },
    {
      name: 'status',
      type: 'token',
      definition: `${R4_SP}/Flag-status`,
      expression: 'Flag.status',
      documentation: `active | inactive | entered-in-error (system ${FLAG_STATUS_SYSTEM}).`,
      extract: codeAt('status', FLAG_STATUS_SYSTEM),
    },
    {
      name: 'detail',
      type: 'reference',
      definition: `${ENGLAND_SP}/England-FlagDetail`,
      expression: `Flag.extension('${FLAG_DETAIL_EXTENSION}').value`,
      documentation: 'Resources the flag lists as its details.',
      targets: ['Condition', 'Flag', 'Consent', 'Provenance'],
      patientIdentifierChain: false,
      extract: flagDetailTargets,
    },
    idParameter,
    lastUpdatedParameter,
  ],
  Condition: [
    patientReference('Condition', 'subject'),
    {
      name: 'code',
      type: 'token',
      definition: `${R4_SP}/clinical-code`,
      expression: 'Condition.code',
      documentation: 'The condition (SNOMED CT).',
      extract: conceptsAt('code'),
    },
    {
      name: 'category',
      type: 'token',
      definition: `${R4_SP}/Condition-category`,
      expression: 'Condition.category',
      documentation: 'The condition categories.',
      extract: conceptsAt('category'),
    },
    {
      name: 'clinical-status',
      type: 'token',
      definition: `${R4_SP}/Condition-clinical-status`,
      expression: 'Condition.clinicalStatus',
      documentation: 'active | recurrence | relapse | inactive | remission | resolved.',
      extract: conceptsAt('clinicalStatus'),
    },
    idParameter,
    lastUpdatedParameter,
  ],
  Consent: [
    patientReference('Consent', 'patient'),
    {
      name: 'status',
      type: 'token',
      definition: `${R4_SP}/Consent-status`,
      expression: 'Consent.status',
      documentation: `draft | proposed | active | rejected | inactive | entered-in-error (system ${CONSENT_STATE_SYSTEM}).`,
      extract: codeAt('status', CONSENT_STATE_SYSTEM),
    },
    {
      name: 'purpose',
      type: 'token',
      definition: `${R4_SP}/Consent-purpose`,
      expression: 'Consent.provision.purpose',
      documentation: 'The purposes of the top-level provision (RACONSENT, RADISSENT, RAREVOKED).',
      extract: consentPurposes,
    },
    idParameter,
    lastUpdatedParameter,
  ],
  Patient: [
    {
      name: PATIENT_IDENTIFIER_PARAM,
      type: 'token',
      definition: `${R4_SP}/Patient-identifier`,
      expression: 'Patient.identifier',
      documentation: 'A patient identifier, e.g. `https://fhir.nhs.uk/Id/nhs-number|9000000009`.',
      extract: identifierTokens,
    },
    idParameter,
    lastUpdatedParameter,
  ],
  AuditEvent: [
    {
      name: 'patient',
      type: 'reference',
      definition: `${R4_SP}/clinical-patient`,
      expression: "AuditEvent.entity.where(type.code = '1').what.where(resolve() is Patient)",
      documentation:
        'The patient whose record was touched ("who has looked at my record"). `patient:identifier=system|value` matches the NHS number the event recorded, so events about a request that never resolved to a stored Patient are found too.',
      targets: ['Patient'],
      patientIdentifierChain: true,
      extract: (resource) => auditReferences(auditValues(resource)?.patient ?? [], ['Patient']),
      identifierIndex: { name: 'patient:identifier', extract: (resource) => auditIdentifiers(auditValues(resource)?.patient ?? []) },
    },
    {
      name: 'agent',
      type: 'token',
      definition: `${RAFLAG_BASE}/SearchParameter/AuditEvent-agent-identifier`,
      expression: 'AuditEvent.agent.who.identifier',
      documentation:
        'Who acted, by identifier (`system|value`): the client id, the end user\'s SDS user id or the organisation\'s ODS code. The server\'s own agent is not indexed: it is on every event.',
      extract: (resource) => auditIdentifiers(auditValues(resource)?.agent ?? []).filter((value) => value.system !== URI_SYSTEM),
    },
    {
      name: 'entity',
      type: 'reference',
      definition: `${R4_SP}/AuditEvent-entity`,
      expression: 'AuditEvent.entity.what',
      documentation: 'A resource the event is about (`Type/id`; a versioned reference matches its resource), the patient included.',
      targets: AUDITED_TYPES,
      patientIdentifierChain: false,
      extract: (resource) => auditReferences(auditValues(resource)?.entity ?? [], AUDITED_TYPES),
    },
    {
      // No index of its own: an AuditEvent is written once, at the moment it records, so its
      // meta.lastUpdated is `recorded` to within the request that wrote it. The store answers
      // `date` from the last-updated column, exactly as `_lastUpdated`.
      name: 'date',
      type: 'date',
      definition: `${R4_SP}/AuditEvent-date`,
      expression: 'AuditEvent.recorded',
      documentation: 'When the event was recorded (prefixes eq, ne, lt, le, gt, ge); answered from the time the server stored it.',
    },
    idParameter,
    lastUpdatedParameter,
  ],
  Provenance: [
    {
      name: 'target',
      type: 'reference',
      definition: `${R4_SP}/Provenance-target`,
      expression: 'Provenance.target',
      documentation: 'The resources the provenance is about.',
      targets: ['Flag', 'Condition', 'Consent', 'Patient'],
      patientIdentifierChain: false,
      extract: referencesAt('target', ['Flag', 'Condition', 'Consent', 'Patient']),
    },
    idParameter,
    lastUpdatedParameter,
  ],
};

/** Resource types the server holds. */
export const searchableResourceTypes: readonly string[] = Object.keys(searchParameters);

/** The parameters of `resourceType` (none for a type the server does not hold). */
export function searchParametersOf(resourceType: string): readonly SearchParameterDefinition[] {
  return Object.hasOwn(searchParameters, resourceType) ? (searchParameters[resourceType] ?? []) : [];
}

/** One parameter by its FHIR name, or undefined when `resourceType` has no such parameter. */
export function findSearchParameter(resourceType: string, name: string): SearchParameterDefinition | undefined {
  return searchParametersOf(resourceType).find((parameter) => parameter.name === name);
}
