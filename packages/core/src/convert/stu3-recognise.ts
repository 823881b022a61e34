import { stu3Extension, stu3Profile } from '../canonical.js';
import { isObject, itemsOf, stringOf, type JsonObject } from '../validate/json-read.js';
import { profilesOf } from './stu3-json.js';

/** The STU3 payload kinds `convertStu3` reads. */
export type Stu3Kind = 'flag' | 'consent' | 'list' | 'condition' | 'remove-record' | 'bundle';

export type Stu3Recognition =
  | { readonly kind: Stu3Kind; readonly resource: JsonObject }
  | { readonly kind: 'unrecognised'; readonly reason: string };

const STU3_BASE = 'https://fhir.nhs.uk/STU3/';
const STU3_CONDITION_CODE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConditionCode-1';
const STU3_CONSENT_PURPOSE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConsentPurpose-1';
const SPINE_PATIENT_HOST = 'demographics.spineservices.nhs.uk/STU3/Patient/';
/** Both spellings of the operation's one parameter (gotcha 17). */
export const REMOVE_RECORD_PARAMETER_NAMES: ReadonlySet<string> = new Set(['removeRARecord', 'removerarecord']);

const WRONG_TYPE =
  'only RARecord Flag, Consent, List and Condition resources, $removerarecord Parameters and Bundles of them are converted';
const NO_MARKERS =
  'it carries none of the STU3 RARecord profiles, extensions or shapes (R4 payloads are validated, not converted)';

const claims = (resource: JsonObject, profile: string): boolean => profilesOf(resource).includes(profile);

const hasExtension = (resource: JsonObject, url: string): boolean =>
  itemsOf(resource.extension).some(({ value }) => value.url === url);

const referencesSpinePatient = (reference: unknown): boolean =>
  isObject(reference) && (stringOf(reference.reference)?.includes(SPINE_PATIENT_HOST) ?? false);

const codesFrom = (concept: unknown, system: string): boolean =>
  isObject(concept) && itemsOf(concept.coding).some(({ value }) => value.system === system);

function isStu3Flag(flag: JsonObject): boolean {
  return (
    claims(flag, stu3Profile.flag) ||
    hasExtension(flag, stu3Extension.adjustmentCategory) ||
    // STU3 Flag.category is a single CodeableConcept, R4's is an array (gotcha 3).
    isObject(flag.category) ||
    referencesSpinePatient(flag.subject)
  );
}

function isStu3Consent(consent: JsonObject): boolean {
  return (
    claims(consent, stu3Profile.consent) ||
    hasExtension(consent, stu3Extension.proxyRole) ||
    hasExtension(consent, stu3Extension.bestInterestSummary) ||
    // R4 Consent has no top-level purpose (it moved to provision.purpose).
    itemsOf(consent.purpose).some(({ value }) => value.system === STU3_CONSENT_PURPOSE_SYSTEM) ||
    referencesSpinePatient(consent.patient)
  );
}

function isStu3Condition(condition: JsonObject): boolean {
  return (
    claims(condition, stu3Profile.condition) ||
    // STU3 clinicalStatus is a code, R4's a CodeableConcept.
    typeof condition.clinicalStatus === 'string' ||
    codesFrom(condition.code, STU3_CONDITION_CODE_SYSTEM) ||
    referencesSpinePatient(condition.subject)
  );
}

function isStu3List(list: JsonObject): boolean {
  return (
    claims(list, stu3Profile.list) ||
    referencesSpinePatient(list.subject) ||
    itemsOf(list.contained).some(
      ({ value }) => value.resourceType === 'Condition' && isStu3Condition(value),
    )
  );
}

function isRemoveRecord(parameters: JsonObject): boolean {
  return itemsOf(parameters.parameter).some(({ value }) => {
    const name = stringOf(value.name);
    return name !== undefined && REMOVE_RECORD_PARAMETER_NAMES.has(name);
  });
}

/** The single-resource kind of a STU3 resource, or undefined when it is not one. */
export function recogniseStu3Resource(resource: JsonObject): Exclude<Stu3Kind, 'bundle'> | undefined {
  switch (resource.resourceType) {
    case 'Flag':
      return isStu3Flag(resource) ? 'flag' : undefined;
    case 'Consent':
      return isStu3Consent(resource) ? 'consent' : undefined;
    case 'List':
      return isStu3List(resource) ? 'list' : undefined;
    case 'Condition':
      return isStu3Condition(resource) ? 'condition' : undefined;
    case 'Parameters':
      return isRemoveRecord(resource) ? 'remove-record' : undefined;
    default:
      return undefined;
  }
}

/**
 * Says which retired STU3 RARecord payload this is, from its claimed profiles or, when it claims
 * none (request bodies often do not), from shapes only STU3 has. A Bundle (a Spine searchset)
 * counts when at least one entry is a STU3 RARecord resource.
 */
export function recogniseStu3(input: unknown): Stu3Recognition {
  if (!isObject(input)) return { kind: 'unrecognised', reason: 'the payload is not a JSON object' };
  const type = input.resourceType;
  if (typeof type !== 'string') return { kind: 'unrecognised', reason: 'it has no resourceType' };
  if (type === 'Bundle') {
    const stu3Entry = itemsOf(input.entry).some(
      ({ value }) => isObject(value.resource) && recogniseStu3Resource(value.resource) !== undefined,
    );
    return stu3Entry ? { kind: 'bundle', resource: input } : { kind: 'unrecognised', reason: NO_MARKERS };
  }
  if (!['Flag', 'Consent', 'List', 'Condition', 'Parameters'].includes(type)) {
    return { kind: 'unrecognised', reason: WRONG_TYPE };
  }
  const kind = recogniseStu3Resource(input);
  if (kind) return { kind, resource: input };
  const claimsStu3 = profilesOf(input).some((p) => p.startsWith(STU3_BASE));
  return { kind: 'unrecognised', reason: claimsStu3 ? WRONG_TYPE : NO_MARKERS };
}
