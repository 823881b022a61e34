import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issueProfile } from '../../outcome/issue.js';
import type { JsonObject } from '../json-read.js';
import type { ProfileDef } from '../profiles/profile-def.js';
import { reporterFor } from '../profiles/profile-report.js';
import { summarise, type IssueSummary } from './issues.js';

/** Runs one profile's own rules on a resource and answers what they reported. */
export function runProfile(profile: ProfileDef, resource: unknown, path: string = profile.resourceType): IssueSummary[] {
  const issues: OperationOutcomeIssue[] = [];
  profile.check(resource as JsonObject, path, reporterFor(profile.url, issues));
  for (const issue of issues) {
    if (issueProfile(issue) !== profile.url) throw new Error(`issue without profile ${profile.url}`);
  }
  return summarise(issues);
}
