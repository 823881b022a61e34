import type { OperationOutcomeIssue, Provenance, Reference } from 'fhir/r4.js';
import { DATA_OPERATION_SYSTEM, gen3Profile, ODS_ORGANISATION_BASE, ODS_ORGANISATION_SYSTEM, SDS_PRACTITIONER_BASE, SDS_USER_SYSTEM } from '../canonical.js';
import type { Organisation, Recorded } from '../model/recorded.js';
import { makeIssue } from '../outcome/issue.js';
import { coding } from './codings.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';
import { odsCodeFromUrl, sdsIdFromUrl } from './read-gen2.js';

/** Id of the contained Provenance in every resource raflag writes. */
export const PROVENANCE_ID = 'provenance';

const withDisplay = (reference: string, display: string | undefined): Reference =>
  display === undefined ? { reference } : { reference, display };

const organisationReference = (org: Organisation): Reference =>
  withDisplay(`${ODS_ORGANISATION_BASE}/${org.odsCode}`, org.name);

const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/**
 * `agent.who` is 1..1 in R4 and a Practitioner in England-Provenance-Flag, so a record made on behalf
 * of an organisation by no named person says "unknown" there rather than naming the organisation twice.
 */
const unknownWho = (): Reference => ({ extension: [{ url: DATA_ABSENT_REASON, valueCode: 'unknown' }] });

/**
 * The England-Provenance-Flag contained in every resource: who recorded it, for which organisation,
 * in which role and when.
 */
export function provenanceFor(recorded: Recorded): Provenance {
  const { practitioner, organisation, role } = recorded;
  const agent = {
    role: [{ coding: [coding(role.system, role.code)] }],
    who: practitioner ? withDisplay(`${SDS_PRACTITIONER_BASE}/${practitioner.sdsId}`, practitioner.name) : unknownWho(),
    onBehalfOf: organisationReference(organisation),
  };
  return {
    resourceType: 'Provenance',
    id: PROVENANCE_ID,
    meta: { profile: [gen3Profile.provenance] },
    target: [{ reference: '#' }],
    recorded: recorded.when,
    activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'CREATE', display: 'create' }] },
    agent: [agent],
  };
}

type Party = { kind: 'practitioner'; sdsId: string; name?: string } | { kind: 'organisation'; odsCode: string; name?: string };

/** A Spine Practitioner or Organization, named by URL (either generation) or by identifier. */
function partyOf(reference: unknown): Party | undefined {
  if (!isObject(reference)) return undefined;
  const url = stringAt(reference['reference']) ?? '';
  const identifier = isObject(reference['identifier']) ? reference['identifier'] : {};
  const system = stringAt(identifier['system']);
  const value = stringAt(identifier['value']);
  const display = stringAt(reference['display']);
  const name = display === undefined ? {} : { name: display };
  const sdsId = sdsIdFromUrl(url) ?? (system === SDS_USER_SYSTEM ? value : undefined);
  if (sdsId !== undefined) return { kind: 'practitioner', sdsId, ...name };
  const odsCode = odsCodeFromUrl(url) ?? (system === ODS_ORGANISATION_SYSTEM ? value : undefined);
  if (odsCode !== undefined) return { kind: 'organisation', odsCode, ...name };
  return undefined;
}

const missing = (issues: OperationOutcomeIssue[], at: string, element: string): undefined => {
  issues.push(makeIssue('mapping.missing-element', at, { element, type: 'Provenance' }));
  return undefined;
};

function readAgent(agent: JsonObject, at: string, issues: OperationOutcomeIssue[]): Omit<Recorded, 'when'> | undefined {
  const [roleConcept] = objectsIn(agent['role']);
  const [roleCoding] = roleConcept ? objectsIn(roleConcept[0]['coding']) : [];
  const system = roleCoding ? stringAt(roleCoding[0]['system']) : undefined;
  const code = roleCoding ? stringAt(roleCoding[0]['code']) : undefined;
  if (system === undefined || code === undefined) return missing(issues, `${at}.role[0].coding[0]`, 'agent.role');
  const who = partyOf(agent['who']);
  const onBehalfOf = partyOf(agent['onBehalfOf']);
  const organisation = onBehalfOf?.kind === 'organisation' ? onBehalfOf : who?.kind === 'organisation' ? who : undefined;
  if (organisation === undefined) return missing(issues, `${at}.onBehalfOf`, 'agent.onBehalfOf');
  const { kind: _o, ...org } = organisation;
  if (who?.kind === 'practitioner') {
    const { kind: _p, ...practitioner } = who;
    return { practitioner, organisation: org, role: { system, code } };
  }
  return { organisation: org, role: { system, code } };
}

/**
 * Who recorded a resource, from its contained Provenance (England-Provenance-Flag or Gen 2
 * FlagProvenance). Without one the item cannot be read, since every record item says who recorded it.
 */
export function readProvenance(resource: JsonObject, at: string, issues: OperationOutcomeIssue[]): Recorded | undefined {
  const found = objectsIn(resource['contained']).filter(([r]) => r['resourceType'] === 'Provenance');
  const [first, ...others] = found;
  if (first === undefined) {
    issues.push(makeIssue('business.provenance-missing', `${at}.contained`));
    return undefined;
  }
  if (others.length > 0) issues.push(makeIssue('mapping.more-than-one', `${at}.contained`, { what: 'contained Provenance', count: found.length }));
  const [provenance, index] = first;
  const pAt = `${at}.contained[${index}]`;
  if (!objectsIn(provenance['target']).some(([t]) => t['reference'] === '#')) {
    issues.push(makeIssue('business.provenance-target', `${pAt}.target`, {}, { severity: 'warning' }));
  }
  const activity = objectsIn(isObject(provenance['activity']) ? provenance['activity']['coding'] : undefined);
  if (activity.some(([c]) => c['system'] === DATA_OPERATION_SYSTEM && c['code'] !== 'CREATE')) {
    issues.push(makeIssue('mapping.not-carried', `${pAt}.activity`, { what: 'a Provenance activity other than CREATE' }));
  }
  const when = stringAt(provenance['recorded']);
  if (when === undefined) return missing(issues, `${pAt}.recorded`, 'recorded');
  const [agent] = objectsIn(provenance['agent']);
  if (agent === undefined) return missing(issues, `${pAt}.agent`, 'agent');
  const who = readAgent(agent[0], `${pAt}.agent[${agent[1]}]`, issues);
  return who === undefined ? undefined : { ...who, when };
}
