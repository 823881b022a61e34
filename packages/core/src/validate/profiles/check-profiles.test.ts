import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { gen2Profile, gen3Profile } from '../../canonical.js';
import { issueProfile } from '../../outcome/issue.js';
import { summarise } from '../test-support/issues.js';
import { removeAt, setAt } from '../test-support/json-edit.js';
import { entry, validBundle, validResource } from '../test-support/valid-bundle.js';
import type { ValidateOptions } from '../validate.js';
import { checkProfiles } from './check-profiles.js';

function run(payload: unknown, options: ValidateOptions = {}): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  checkProfiles(payload, issues, options);
  return issues;
}

describe('checkProfiles', () => {
  it('finds nothing wrong with the valid Bundle', () => {
    expect(run(validBundle())).toEqual([]);
  });

  it('leaves a Flag that is not RA content to the base rules', () => {
    const allergy = {
      resourceType: 'Flag',
      status: 'active',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical' }] }],
      code: { coding: [{ system: 'https://snomed.info/sct', code: '91935009', display: 'Allergy to peanuts' }] },
      subject: { reference: 'Patient/1' },
    };
    expect(run(allergy)).toEqual([]);
  });

  it('checks RA content that claims no profile', () => {
    const flag = validResource(entry.adjustment);
    delete flag.meta;
    setAt(flag, 'category[1].coding[0].code', 'made-up');
    const issues = run(flag);
    expect(summarise(issues)).toEqual([['profile.code-not-in-valueset', 'Flag.category[1].coding[0].code', 'error']]);
    expect(issues.map(issueProfile)).toEqual([gen3Profile.adjustment]);
  });

  it('warns of an unknown claimed profile, naming it', () => {
    const issues = run({ resourceType: 'Basic', meta: { profile: ['http://example.org/StructureDefinition/Mine'] } });
    expect(summarise(issues)).toEqual([['profile.unknown', 'Basic.meta.profile[0]', 'warning']]);
    expect(issueProfile(issues[0] ?? { severity: 'error', code: 'invalid' })).toBe('http://example.org/StructureDefinition/Mine');
  });

  it('refuses a profile claimed by the wrong resource type', () => {
    expect(summarise(run({ resourceType: 'Condition', meta: { profile: [gen3Profile.adjustment] } }))).toEqual([
      ['profile.wrong-resource-type', 'Condition.meta.profile[0]', 'error'],
    ]);
  });

  it('forces a profile on the top-level resource only', () => {
    const flag = { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: 'Patient/1' } };
    expect(summarise(run(flag))).toEqual([]);
    expect(summarise(run(flag, { profile: gen3Profile.patientFlag }))).toEqual([['profile.code-not-in-valueset', 'Flag.code', 'error']]);
  });

  it('checks every entry and gives a contained Provenance its container\'s Provenance profile', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[3].resource.contained[0].agent[0].who', { reference: 'Organization/B82005' });
    removeAt(bundle, 'entry[3].resource.contained[0].meta');
    const issues = run(bundle);
    expect(summarise(issues)).toEqual([['profile.reference-target', 'Bundle.entry[3].resource.contained[0].agent[0].who', 'error']]);
    expect(issues.map(issueProfile)).toEqual([gen3Profile.provenance]);
  });

  it('warns once of https SNOMED even when two profiles apply', () => {
    const flag = validResource(entry.adjustment);
    setAt(flag, 'meta.profile', [gen3Profile.adjustment, gen2Profile.programmeFlag]);
    setAt(flag, 'code.coding[0].system', 'https://snomed.info/sct');
    const snomed = summarise(run(flag)).filter(([id]) => id === 'terminology.snomed-https');
    expect(snomed).toEqual([['terminology.snomed-https', 'Flag.code.coding[0].system', 'warning']]);
  });

  it('stamps every issue with the profile it failed', () => {
    const bundle = validBundle();
    setAt(bundle, 'entry[2].resource.category[1].coding[0].code', 'x');
    setAt(bundle, 'entry[5].resource.code.coding[0].code', 'x');
    setAt(bundle, 'entry[1].resource.code.coding[0].display', 'x');
    expect(run(bundle).map(issueProfile)).toEqual([gen3Profile.patientFlag, gen3Profile.adjustment, gen3Profile.condition]);
  });
});
