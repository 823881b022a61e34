import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { toOutcome } from '../outcome/outcome.js';
import { checkBase } from './base/check-base.js';
import { checkBusinessRules } from './business/check-business-rules.js';
import { checkProfiles } from './profiles/check-profiles.js';
import { resourcesIn } from './resources-in.js';
import { Sightings } from './sightings.js';
import { detectStu3 } from './stu3-detect.js';

export interface ValidateOptions {
  /**
   * Validate the top-level resource against this profile even if it does not claim it.
   * Without it, profile rules apply to resources that claim a known profile in `meta.profile`
   * or that identify themselves as reasonable-adjustment content.
   */
  readonly profile?: string;
}

/**
 * Validates any JSON value as an R4 resource: base R4 rules for every resource type, the
 * national and project profile rules, terminology and the business rules. Never throws for
 * bad input; the answer is always an OperationOutcome.
 */
export function validate(resource: unknown, options: ValidateOptions = {}): OperationOutcome {
  const issues: OperationOutcomeIssue[] = [];
  // Listed once for STU3 detection and the profile rules alike.
  const resources = resourcesIn(resource);
  const stu3 = detectStu3(resource, resources);
  if (stu3) return toOutcome([stu3]);
  const seen = new Sightings();
  const structurallySound = checkBase(resource, issues, seen);
  if (structurallySound) {
    // A base walk that found nothing went everywhere a full walk would; otherwise the later
    // stages walk the payload themselves.
    const sightings = issues.length === 0 ? seen : undefined;
    checkProfiles(resource, issues, options, { resources, sightings });
    checkBusinessRules(resource, issues, sightings);
  }
  return toOutcome(issues);
}
