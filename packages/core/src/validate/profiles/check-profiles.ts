import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from '../base/definitions.js';
import { isObject, type JsonObject } from '../json-read.js';
import { resourcesIn, type ResourceAt } from '../resources-in.js';
import type { SharedReadings } from '../shared-readings.js';
import type { Sightings } from '../sightings.js';
import type { ValidateOptions } from '../validate.js';
import type { ProfileDef } from './profile-def.js';
import { reporterFor, type Report } from './profile-report.js';
import { checkSightedSnomedHttps, checkSnomedHttps } from './snomed-https.js';
import { chooseProfiles, type ProfileChoice } from './which-profile.js';

const NO_PROFILES: readonly ProfileDef[] = [];

/**
 * The national and project profile rules, for every resource of the payload (top level, Bundle
 * entries, contained) that claims a known profile or identifies itself as reasonable-adjustment
 * content; `options.profile` forces a profile on the top-level resource. Other resources get the
 * base rules only. `shared` hands over what `validate` has already read of the payload.
 */
export function checkProfiles(
  payload: unknown,
  issues: OperationOutcomeIssue[],
  options: ValidateOptions,
  shared?: SharedReadings,
): void {
  const resources = shared?.resources ?? resourcesIn(payload);
  const sightings = shared?.sightings;
  // Who reports each resource's https SNOMED codings; not needed when the base walk saw none.
  const snomedReporters = sightings === undefined || sightings.snomedHttps.length > 0 ? new Map<JsonObject, Report>() : undefined;
  // The profiles applied to each resource, by position, for the Provenances it contains.
  const applied = new Array<readonly ProfileDef[]>(resources.length);
  for (let i = 0; i < resources.length; i++) {
    const at = resources[i] as ResourceAt;
    const container = at.container === undefined ? -1 : resources.lastIndexOf(at.container, i - 1);
    const containerProfiles = container < 0 ? NO_PROFILES : (applied[container] ?? NO_PROFILES);
    applied[i] = checkResource(at, at.role === 'top' ? options.profile : undefined, containerProfiles, issues, snomedReporters, sightings);
  }
  if (snomedReporters === undefined || !isObject(payload) || typeof payload.resourceType !== 'string') return;
  if (sightings === undefined) checkSnomedHttps(payload, payload.resourceType, snomedReporters);
  else checkSightedSnomedHttps(payload, payload.resourceType, sightings, snomedReporters);
}

/** Chooses and runs the profiles of one resource; answers those applied. */
function checkResource(
  at: ResourceAt,
  forced: string | undefined,
  containerProfiles: readonly ProfileDef[],
  issues: OperationOutcomeIssue[],
  snomedReporters: Map<JsonObject, Report> | undefined,
  sightings: Sightings | undefined,
): readonly ProfileDef[] {
  // An unknown resource type is a base-rule error; nothing a profile says about it would help.
  if (!isResourceType(at.resourceType)) return NO_PROFILES;
  const choice = chooseProfiles(at, forced, containerProfiles);
  if (choice.unknown.length > 0 || choice.misapplied.length > 0) reportClaims(at, choice, issues);
  const { apply } = choice;
  const first = apply[0];
  if (first === undefined) return apply;
  // One warning per coding, against the first profile that applies.
  const reportFirst = reporterFor(first.url, issues);
  snomedReporters?.set(at.resource, reportFirst);
  for (let i = 0; i < apply.length; i++) {
    const profile = apply[i] as ProfileDef;
    profile.check(at.resource, at.path, i === 0 ? reportFirst : reporterFor(profile.url, issues), sightings);
  }
  return apply;
}

/** Reports the profiles a resource claims that raflag does not know, or that are for another type. */
function reportClaims(at: ResourceAt, { unknown, misapplied }: ProfileChoice, issues: OperationOutcomeIssue[]): void {
  for (const { url, expression } of unknown) {
    issues.push(makeIssue('profile.unknown', expression, { profile: url }, { profile: url }));
  }
  for (const { profile, expression } of misapplied) {
    issues.push(
      makeIssue(
        'profile.wrong-resource-type',
        expression,
        { profile: profile.url, expected: profile.resourceType, found: at.resourceType },
        { profile: profile.url },
      ),
    );
  }
}
