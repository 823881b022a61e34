import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../outcome/issue.js';
import { codingsOf, isObject, itemsOf, stringOf } from './json-read.js';
import { resourcesIn, type ResourceAt } from './resources-in.js';

const STU3_BASE = 'https://fhir.nhs.uk/STU3/';
const STU3_RA_EXTENSION = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-';
const STU3_RA_CODE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-';
/** SNOMED code of the single per-patient STU3 RA List (CareConnect-RARecord-List-1 fixes it). */
const STU3_RA_LIST_CODE = '1094391000000102';
const REMOVE_RA_RECORD = 'removerarecord';

/**
 * `text.startsWith(prefix)` for the STU3 URLs, which share their host with the R4 ones: the
 * prefix's last character tells nearly every R4 URL apart at once, and every resource's profiles
 * and extensions are tested.
 */
function startsWithStu3(text: string, prefix: string): boolean {
  const last = prefix.length - 1;
  return text.charCodeAt(last) === prefix.charCodeAt(last) && text.startsWith(prefix);
}

interface Evidence {
  readonly expression: string;
  readonly reason: string;
}

type Detector = (at: ResourceAt) => Evidence | undefined;

function stu3Profile({ resource, path }: ResourceAt): Evidence | undefined {
  if (!isObject(resource.meta)) return undefined;
  const profile = resource.meta.profile;
  // Spine's STU3 responses sometimes give meta.profile as a single string.
  if (typeof profile === 'string') {
    return profile.startsWith(STU3_BASE)
      ? { expression: `${path}.meta.profile`, reason: `meta.profile names the STU3 profile ${profile}` }
      : undefined;
  }
  if (!Array.isArray(profile)) return undefined;
  for (let index = 0; index < profile.length; index++) {
    const p: unknown = profile[index];
    if (typeof p !== 'string' || !startsWithStu3(p, STU3_BASE)) continue;
    return { expression: `${path}.meta.profile[${index}]`, reason: `meta.profile names the STU3 profile ${p}` };
  }
  return undefined;
}

function singleFlagCategory({ resource, resourceType, path }: ResourceAt): Evidence | undefined {
  if (resourceType !== 'Flag' || !isObject(resource.category)) return undefined;
  return {
    expression: `${path}.category`,
    reason: 'Flag.category is a single CodeableConcept as in STU3, where R4 makes it a list',
  };
}

const STU3_AGENT_KEYS = ['whoReference', 'onBehalfOfReference'] as const;

function provenanceAgentReference({ resource, resourceType, path }: ResourceAt): Evidence | undefined {
  if (resourceType !== 'Provenance' || !Array.isArray(resource.agent)) return undefined;
  const agents: unknown[] = resource.agent;
  for (let index = 0; index < agents.length; index++) {
    const agent = agents[index];
    if (!isObject(agent)) continue;
    for (const key of STU3_AGENT_KEYS) {
      if (key in agent) {
        return {
          expression: `${path}.agent[${index}].${key}`,
          reason: `a Provenance agent uses the STU3 element ${key}, where R4 has ${key.replace('Reference', '')}`,
        };
      }
    }
  }
  return undefined;
}

function stu3Extension({ resource, path }: ResourceAt): Evidence | undefined {
  const extensions = resource.extension;
  if (!Array.isArray(extensions)) return undefined;
  for (let index = 0; index < extensions.length; index++) {
    const extension: unknown = extensions[index];
    const url = isObject(extension) ? stringOf(extension.url) : undefined;
    if (url !== undefined && startsWithStu3(url, STU3_RA_EXTENSION)) {
      return { expression: `${path}.extension[${index}].url`, reason: `it carries the STU3 extension ${url}` };
    }
  }
  return undefined;
}

function raList({ resource, resourceType, path }: ResourceAt): Evidence | undefined {
  if (resourceType !== 'List') return undefined;
  const coding = codingsOf(resource.code, `${path}.code`).find((c) => c.code === STU3_RA_LIST_CODE);
  if (!coding) return undefined;
  return {
    expression: `${coding.path}.code`,
    reason: `a List coded ${STU3_RA_LIST_CODE} is the STU3 per-patient reasonable adjustment List, which R4 does not have`,
  };
}

function removeRaRecordParameters({ resource, resourceType, path }: ResourceAt): Evidence | undefined {
  if (resourceType !== 'Parameters') return undefined;
  const found = itemsOf(resource.parameter).find(({ value }) => stringOf(value.name)?.toLowerCase() === REMOVE_RA_RECORD);
  if (!found) return undefined;
  return {
    expression: `${path}.parameter[${found.index}].name`,
    reason: 'these are the parameters of the STU3 $removerarecord operation (removeRARecord)',
  };
}

function stu3ConsentPurpose({ resource, resourceType, path }: ResourceAt): Evidence | undefined {
  // R4 Consent has no purpose element; an STU3 RARecord purpose code there is the STU3 Consent shape.
  if (resourceType !== 'Consent' || !Array.isArray(resource.purpose)) return undefined;
  const found = itemsOf(resource.purpose).find(({ value }) => stringOf(value.system)?.startsWith(STU3_RA_CODE_SYSTEM));
  if (!found) return undefined;
  return {
    expression: `${path}.purpose[${found.index}]`,
    reason: `Consent.purpose is an STU3 element, here with the STU3 code system ${String(found.value.system)}`,
  };
}

/**
 * Detectors that only one resource type can trip, looked up by type rather than each asked in
 * turn (every resource of every payload is asked). The first outrank the extension check.
 */
const SHAPE_BY_TYPE: ReadonlyMap<string, Detector> = new Map([
  ['Flag', singleFlagCategory],
  ['Provenance', provenanceAgentReference],
]);
const CONTENT_BY_TYPE: ReadonlyMap<string, Detector> = new Map([
  ['List', raList],
  ['Parameters', removeRaRecordParameters],
  ['Consent', stu3ConsentPurpose],
]);

/** Strongest evidence first: a claimed STU3 profile says it outright. */
function evidenceIn(at: ResourceAt): Evidence | undefined {
  return (
    stu3Profile(at) ??
    SHAPE_BY_TYPE.get(at.resourceType)?.(at) ??
    stu3Extension(at) ??
    CONTENT_BY_TYPE.get(at.resourceType)?.(at)
  );
}

/**
 * Recognises a retired STU3 reasonable-adjustment payload (DESIGN decision 4): it answers one
 * `payload.stu3` issue naming what gave it away and pointing at `convert`, so that an STU3
 * payload is never validated as if it were R4 (which would bury the one useful fact under dozens
 * of unknown-element errors). Looks at the top-level resource, every Bundle entry and every
 * contained resource, in document order (`resources`, when the caller has listed them already).
 */
export function detectStu3(
  payload: unknown,
  resources: readonly ResourceAt[] = resourcesIn(payload),
): OperationOutcomeIssue | undefined {
  for (const at of resources) {
    const evidence = evidenceIn(at);
    if (evidence) return makeIssue('payload.stu3', evidence.expression, { reason: evidence.reason });
  }
  return undefined;
}

