import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { makeIssue } from '../../outcome/issue.js';
import { isResourceType } from '../base/definitions.js';
import { isObject, type JsonObject } from '../json-read.js';
import { resourcesIn, type ResourceAt } from '../resources-in.js';
import type { SharedReadings } from '../shared-readings.js';
import type { ValidateOptions } from '../validate.js';
import type { ProfileDef } from './profile-def.js';
import { reporterFor, type Report } from './profile-report.js';
import { checkSightedSnomedHttps, checkSnomedHttps } from './snomed-https.js';
import { chooseProfiles } from './which-profile.js';

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
  const chosen = new Map<ResourceAt, readonly ProfileDef[]>();
  const snomedReporters = new Map<JsonObject, Report>();

  for (const at of shared?.resources ?? resourcesIn(payload)) {
    // An unknown resource type is a base-rule error; nothing a profile says about it would help.
    if (!isResourceType(at.resourceType)) continue;
    const forced = at.role === 'top' ? options.profile : undefined;
    const containerProfiles = at.container ? (chosen.get(at.container) ?? NO_PROFILES) : NO_PROFILES;
    const { apply, unknown, misapplied } = chooseProfiles(at, forced, containerProfiles);
    // Only a resource that is not itself contained can contain others (dom-2).
    if (at.role !== 'contained') chosen.set(at, apply);
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
    const [first] = apply;
    if (first === undefined) continue;
    // One warning per coding, against the first profile that applies.
    const reportFirst = reporterFor(first.url, issues);
    snomedReporters.set(at.resource, reportFirst);
    for (const profile of apply) {
      profile.check(at.resource, at.path, profile === first ? reportFirst : reporterFor(profile.url, issues), shared?.sightings);
    }
  }
  if (!isObject(payload) || typeof payload.resourceType !== 'string') return;
  const sightings = shared?.sightings;
  if (sightings === undefined) checkSnomedHttps(payload, payload.resourceType, snomedReporters);
  else checkSightedSnomedHttps(payload, payload.resourceType, sightings, snomedReporters);
}
