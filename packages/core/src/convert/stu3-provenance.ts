import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import type { recordedSchema } from '../model/recorded.js';
import { codingsOf, isObject, itemsOf, stringOf, type JsonObject } from '../validate/json-read.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import { at, trimmedText } from './stu3-json.js';

/** Who recorded an item, as the record model accepts it (the model checks formats and value sets). */
export type RecordedInput = z.input<typeof recordedSchema>;

/** Where in the STU3 payload each part of `recorded` came from, keyed by its path within `recorded`. */
export type Sources = ReadonlyMap<string, string>;

export interface ProvenanceReading {
  readonly recorded: RecordedInput | undefined;
  readonly sources: Sources;
  readonly issues: OperationOutcomeIssue[];
}

const SDS_PRACTITIONER = /^(?:https:\/\/)?sds\.spineservices\.nhs\.uk\/STU3\/Practitioner\/([^/?#]+)$/;
const ODS_ORGANISATION = /^(?:https:\/\/)?directory\.spineservices\.nhs\.uk\/STU3\/Organization\/([^/?#]+)$/;

/**
 * `target` and `activity` are re-expressed by the R4 mapping (which writes its own `#` target and
 * activity); `meta` and `id` are the old server's bookkeeping.
 */
const PROVENANCE_KEYS: ReadonlySet<string> = new Set(['resourceType', 'id', 'meta', 'target', 'recorded', 'activity', 'agent']);
const AGENT_KEYS: ReadonlySet<string> = new Set(['role', 'whoReference', 'onBehalfOfReference']);
const REFERENCE_KEYS: ReadonlySet<string> = new Set(['reference', 'display']);

/**
 * Reads a STU3 RARecord-Provenance-1 into `recorded`: `agent.whoReference` (an SDS Practitioner
 * URL) → practitioner, `agent.onBehalfOfReference` (an ODS Organization URL) → organisation,
 * `agent.role` → role, `recorded` → when. An element the R4 record requires but cannot find makes
 * `recorded` undefined, with an error naming the missing element.
 */
export function readStu3Provenance(provenance: JsonObject, path: string): ProvenanceReading {
  const issues: OperationOutcomeIssue[] = [];
  const sources = new Map<string, string>([['', path]]);
  reportUnread(provenance, path, PROVENANCE_KEYS, issues);

  const agents = itemsOf(provenance.agent);
  agents.slice(1).forEach(({ index }) => issues.push(notCarried(at(path, 'agent', index), 'a further Provenance agent')));
  const agent = agents[0];
  const agentPath = agent ? at(path, 'agent', agent.index) : `${path}.agent`;
  if (agent) reportUnread(agent.value, agentPath, AGENT_KEYS, issues);

  const when = stringOf(provenance.recorded);
  sources.set('when', `${path}.recorded`);
  const organisation = agent && readOrganisation(agent.value.onBehalfOfReference, `${agentPath}.onBehalfOf.ofType(Reference)`, sources, issues);
  const role = agent && readRole(agent.value.role, `${agentPath}.role`, sources, issues);
  const practitioner = agent && readPractitioner(agent.value.whoReference, `${agentPath}.who.ofType(Reference)`, sources, issues);

  const missing: [string, string][] = [];
  if (when === undefined) missing.push([`${path}.recorded`, 'when it was recorded (Provenance.recorded)']);
  if (organisation === undefined) missing.push([`${agentPath}.onBehalfOf.ofType(Reference)`, 'the recording organisation (an ODS Organization reference)']);
  if (role === undefined) missing.push([`${agentPath}.role`, 'the role of whoever recorded it']);
  for (const [expression, what] of missing) {
    issues.push(notCarried(expression, `the item this Provenance records, because the R4 record requires ${what}`, 'error'));
  }
  if (when === undefined || organisation === undefined || role === undefined) return { recorded: undefined, sources, issues };
  const recorded: RecordedInput = practitioner ? { practitioner, organisation, role, when } : { organisation, role, when };
  return { recorded, sources, issues };
}

function readReference(
  reference: unknown,
  path: string,
  pattern: RegExp,
  issues: OperationOutcomeIssue[],
): { id: string; name: string | undefined } | undefined {
  if (!isObject(reference)) return undefined;
  reportUnread(reference, path, REFERENCE_KEYS, issues);
  const id = pattern.exec(stringOf(reference.reference)?.trim() ?? '')?.[1];
  return id === undefined ? undefined : { id, name: trimmedText(reference.display) };
}

function readOrganisation(
  reference: unknown,
  path: string,
  sources: Map<string, string>,
  issues: OperationOutcomeIssue[],
): RecordedInput['organisation'] | undefined {
  const found = readReference(reference, path, ODS_ORGANISATION, issues);
  sources.set('organisation', path).set('organisation.odsCode', `${path}.reference`).set('organisation.name', `${path}.display`);
  if (!found) return undefined;
  return found.name === undefined ? { odsCode: found.id } : { odsCode: found.id, name: found.name };
}

function readPractitioner(
  reference: unknown,
  path: string,
  sources: Map<string, string>,
  issues: OperationOutcomeIssue[],
): RecordedInput['practitioner'] | undefined {
  if (reference === undefined) return undefined;
  const found = readReference(reference, path, SDS_PRACTITIONER, issues);
  sources.set('practitioner', path).set('practitioner.sdsId', `${path}.reference`).set('practitioner.name', `${path}.display`);
  if (!found) {
    // The practitioner is optional in the R4 record, so an unreadable one costs only itself.
    issues.push(notCarried(`${path}.reference`, 'the recording practitioner, because the reference is not an SDS Practitioner URL'));
    return undefined;
  }
  return found.name === undefined ? { sdsId: found.id } : { sdsId: found.id, name: found.name };
}

function readRole(
  roles: unknown,
  path: string,
  sources: Map<string, string>,
  issues: OperationOutcomeIssue[],
): RecordedInput['role'] | undefined {
  const concepts = itemsOf(roles);
  concepts.slice(1).forEach(({ index }) => issues.push(notCarried(`${path}[${index}]`, 'a further agent role')));
  const first = concepts[0];
  if (!first) return undefined;
  const conceptPath = `${path}[${first.index}]`;
  const codings = codingsOf(first.value, conceptPath);
  codings.slice(1).forEach((c) => issues.push(notCarried(c.path, 'a further coding of the agent role')));
  const coding = codings[0];
  if (coding?.system === undefined || coding.code === undefined) return undefined;
  sources.set('role', coding.path);
  return { system: coding.system, code: coding.code };
}
